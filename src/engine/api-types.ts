import type { ModelError } from './errors.ts';
import type { SimSpecs, VariableKind } from './xmile/model-document.ts';
import type { WorkbookReader } from './vensim/data-grid.ts';

export type { WorkbookReader, Grid, Cell } from './vensim/data-grid.ts';

/** Which back end runs the compiled model. `auto` picks code generation unless the page forbids eval. */
export type BackendChoice = 'auto' | 'codegen' | 'vm';

export interface CompileOptions {
  /** The file's name: `.mdl` is read as Vensim, anything else as XMILE (a Vensim text without a name is recognised too). */
  readonly fileName?: string;
  /**
   * For Vensim models: the data files a model reads (GET DIRECT DATA, GET XLS CONSTANTS...), by
   * the name written in the model; CSV files as text, workbooks as bytes. Nothing is read when omitted.
   */
  readonly readFile?: (name: string) => string | Uint8Array | undefined;
  /** For Vensim models: the run's data sources (files read through `readFile`) for data variables without a GET function. */
  readonly dataSources?: readonly string[];
  /** Reads sheets of .xls/.xlsx workbooks for Vensim's GET XLS functions (the engine carries no spreadsheet library). */
  readonly workbooks?: WorkbookReader;
  readonly backend?: BackendChoice;
  /** Overrides the file's integration method, as Stella's run specs allow. */
  readonly method?: 'euler' | 'rk4';
  /**
   * How generated code holds values during a whole run: in locals (small models) or in the memory
   * array (large or loop-shaped ones). Chosen automatically; tests force each to compare them.
   */
  readonly codegenRun?: 'locals' | 'memory';
}

/** One scalar series a run produces: a variable, or one element of an arrayed variable. */
export interface OutputSeries {
  /** Canonical id used by overrides and lookups: `sales`, `stock_a[entry_1]`, `sector.output`. */
  readonly id: string;
  /** As people read it and as the CSV header shows it: `Stock A[Entry 1]`. */
  readonly label: string;
  readonly variable: string;
  readonly kind: Exclude<VariableKind, 'gf' | 'module'>;
  readonly units?: string;
}

export interface VariableInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: VariableKind;
  readonly equation: string;
  readonly units?: string;
  readonly documentation?: string;
  readonly dimensions: readonly string[];
  /** Canonical ids of the variables this one's equation reads. */
  readonly dependsOn: readonly string[];
  readonly inflows: readonly string[];
  readonly outflows: readonly string[];
  /** True for a constant that can be overridden without recompiling. */
  readonly isParameter: boolean;
  readonly value?: number;
}

export interface Parameter {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly units?: string;
}

export interface RunOptions {
  /** Parameter id (or label) to value. Unknown ids are an error, not silently ignored. */
  readonly overrides?: Readonly<Record<string, number>>;
  /** Seed for RANDOM/NORMAL/LOGNORMAL; the same seed gives the same run everywhere. */
  readonly seed?: number;
  /** Only these series are kept (ids); all when omitted. */
  readonly outputs?: readonly string[];
}

/** A stepping simulation's options: a run's, and a horizon of its own. */
export interface SimOptions extends Omit<RunOptions, 'outputs'> {
  /**
   * Stop time of this simulation instead of the file's: a game longer or shorter than the model's
   * own horizon runs to its own end (as Stella's run specs change the stop time without editing
   * the equations). STOPTIME reads it too. Must lie after the start time.
   */
  readonly stop?: number;
}

export interface RunResult {
  readonly time: Float64Array;
  readonly series: ReadonlyMap<string, Float64Array>;
  readonly outputs: readonly OutputSeries[];
  /**
   * Problems met while running, the run being kept as computed: a division by zero, once per
   * variable with the first time it happened, when the results hold Infinity or NaN. Worked out
   * when first read (a healthy run costs nothing).
   */
  readonly warnings: readonly ModelError[];
}

export interface SimSnapshot {
  readonly step: number;
  readonly memory: Float64Array;
}

/**
 * A simulation advanced on demand: the game sets decision parameters between rounds and runs to
 * the end of the next round. Series so far are available at every point.
 */
export interface Sim {
  readonly time: number;
  readonly specs: SimSpecs;
  runTo(time: number): void;
  runToEnd(): void;
  setValue(id: string, value: number): void;
  getValue(id: string): number;
  /** Saved values of one series from the start to the current time. */
  getSeries(id: string): Float64Array;
  getTimes(): Float64Array;
  snapshot(): SimSnapshot;
  restore(snapshot: SimSnapshot): void;
  reset(): void;
}

export interface CompiledModel {
  readonly fileName?: string;
  readonly specs: SimSpecs;
  readonly backend: 'codegen' | 'vm';
  readonly outputs: readonly OutputSeries[];
  readonly parameters: readonly Parameter[];
  readonly variables: readonly VariableInfo[];
  readonly warnings: readonly ModelError[];
  run(options?: RunOptions): RunResult;
  createSim(options?: SimOptions): Sim;
  createBatch(options: { readonly parameters: readonly string[]; readonly outputs?: readonly string[] }): BatchRunner;
  /**
   * Return the model's structure for diagrams and loop analysis: links between variables, the
   * diagram layout of the file, and the feedback loops with their polarities. Computed on the
   * first call (with the default options) and then kept.
   */
  introspect(options?: IntrospectOptions): ModelStructure;
}

/** How one variable bears on another. */
export type LinkKind =
  /** `to`'s equation reads `from` (a connector in a diagram). */
  | 'information'
  /** `from` is a flow filling the stock `to`. */
  | 'inflow'
  /** `to` is a flow draining the stock `from`: the pipe's direction, while the influence runs from the flow to the stock, lowering it. */
  | 'outflow'
  /** The initial value of the stock `to` reads `from`; no influence once the run has started. */
  | 'initial';

/** Sign of an influence: the target moves with (+) or against (−) the source; '?' when it cannot be told. */
export type LinkPolarity = '+' | '-' | '?';

export interface StructureLink {
  readonly from: string;
  readonly to: string;
  readonly kind: LinkKind;
  /**
   * Information links only: the sign of ∂to/∂from at the initial state with default parameters,
   * measured by nudging `from` and re-evaluating `to`'s equation. '?' where the equation does not
   * respond there (a threshold, a factor at zero) or responds both ways across the array.
   */
  readonly polarity?: LinkPolarity;
}

export interface FeedbackLoop {
  /** `R1`, `B2`, `U1`: numbered per polarity (U for undetermined) in the order of the list. */
  readonly id: string;
  /** Variables around the loop in causal order: each influences the next, the last the first. Starts at a stock where there is one. */
  readonly variables: readonly string[];
  readonly stocks: readonly string[];
  /** `linkPolarities[i]` is the sign of variables[i] → variables[i + 1] (the last: back to the first). */
  readonly linkPolarities: readonly LinkPolarity[];
  /** R: reinforcing (an even number of − links), B: balancing (odd), '?' when a link's sign is unknown. */
  readonly polarity: 'R' | 'B' | '?';
}

export interface DiagramElement {
  readonly id: string;
  readonly kind: 'stock' | 'flow' | 'aux' | 'module';
  readonly x: number;
  readonly y: number;
  readonly width?: number;
  readonly height?: number;
  /** A flow's pipe, from its source end to its sink end. */
  readonly points?: readonly { readonly x: number; readonly y: number }[];
  /** Where the file puts the name (XMILE label_side). */
  readonly labelSide?: 'top' | 'bottom' | 'left' | 'right' | 'center';
}

/** One <view> of the file, with its elements named by variable id. */
export interface DiagramView {
  /** Module instance prefix of its variables: '' for the main model, 'region.' inside module `region`. */
  readonly scope: string;
  readonly elements: readonly DiagramElement[];
  /**
   * Influences drawn as arrows; `fromAlias` / `toAlias` name the ghost (an alias's uid) an end is
   * drawn at, when it is not the variable itself.
   */
  readonly connectors: readonly { readonly from: string; readonly to: string; readonly angle?: number; readonly fromAlias?: string; readonly toAlias?: string }[];
  /** Ghosts: variables drawn a second time, near what they affect in another sector. */
  readonly aliases: readonly { readonly uid: string; readonly of: string; readonly x: number; readonly y: number; readonly labelSide?: 'top' | 'bottom' | 'left' | 'right' | 'center' }[];
  /** Sectors: named frames, x and y their top left corner. */
  readonly groups: readonly { readonly name: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
}

export interface ModelStructure {
  /** Every dependency of every variable, and every stock-flow link. */
  readonly links: readonly StructureLink[];
  /** The diagram layout from the file's <views>; empty when it has none. */
  readonly views: readonly DiagramView[];
  /** The elementary cycles of the influence graph (information links and flows into and out of stocks), shortest first. */
  readonly loops: readonly FeedbackLoop[];
  /** True when the search stopped at `maxLoops` or at its work budget: `loops` is then a part. */
  readonly loopsTruncated: boolean;
  /** True when some link polarities were left '?' because the measuring budget ran out. */
  readonly polaritiesTruncated: boolean;
}

export interface IntrospectOptions {
  /** At most this many loops are listed (default 10,000). */
  readonly maxLoops?: number;
}

export type CompileResult =
  | { readonly ok: true; readonly model: CompiledModel; readonly warnings: readonly ModelError[] }
  | { readonly ok: false; readonly errors: readonly ModelError[]; readonly warnings: readonly ModelError[] };

/**
 * Runs one compiled model many times with different parameter values and no allocation per run:
 * the Monte Carlo path. Outputs are column-major: output k, save point i at `k * saveCount + i`.
 */
export interface BatchRunner {
  readonly saveCount: number;
  readonly parameterIds: readonly string[];
  readonly outputIds: readonly string[];
  /** `values[j]` is the value of `parameterIds[j]`. The returned array is reused by the next call. */
  run(values: ArrayLike<number>, seed?: number): Float64Array;
}
