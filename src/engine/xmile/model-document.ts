/**
 * A model as read from an XMILE file: plain, serialisable data, nothing resolved yet.
 * Names are kept as written; the compiler canonicalises them.
 */
export type IntegrationMethod = 'euler' | 'rk4';

export interface SimSpecs {
  readonly start: number;
  readonly stop: number;
  readonly dt: number;
  readonly saveStep: number;
  readonly method: IntegrationMethod;
  readonly timeUnits: string;
  /**
   * Vensim's FINAL TIME given as an equation: `stop` is its value at the start, and a run ends
   * early, at the first saved time not before this variable's value.
   */
  readonly stopVariable?: string;
}

export interface Dimension {
  readonly name: string;
  readonly elements: readonly string[];
}

export type GraphicalFunctionType = 'continuous' | 'extrapolate' | 'discrete';

export interface GraphicalFunction {
  readonly type: GraphicalFunctionType;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

export type VariableKind = 'stock' | 'flow' | 'aux' | 'gf' | 'module';

export interface ElementDefinition {
  /** Element names, one per dimension of the variable. */
  readonly subscript: readonly string[];
  readonly equation: string;
  /** <init_eqn>: the element's value while the model is initialised (Vensim's ACTIVE INITIAL). */
  readonly initialEquation?: string;
  readonly graphicalFunction?: GraphicalFunction;
}

/** A stock's <conveyor> options (XMILE 1.0 §4.2.1): the expressions as written. */
export interface ConveyorOptions {
  /** <len>: transit time, in time units. */
  readonly transitTime: string;
  readonly capacity?: string;
  /** <in_limit>: most material that may enter per time unit. */
  readonly inflowLimit?: string;
  readonly sample?: string;
  readonly arrest?: string;
  readonly discrete: boolean;
  readonly exponentialLeak: boolean;
}

/** A conveyor outflow's leakage (<leak/> or <leak>fraction</leak>, XMILE 1.0 §4.3). */
export interface LeakOptions {
  /** <leak>fraction</leak>; absent: the flow's <eqn> holds the fraction (as Stella writes it). */
  readonly fraction?: string;
  /** leak_start and leak_end: the leak zone, as fractions of the belt from its inflowing end. */
  readonly start: number;
  readonly end: number;
  readonly integers: boolean;
}

export interface VariableDefinition {
  readonly kind: VariableKind;
  readonly name: string;
  readonly equation: string;
  /**
   * <init_eqn> of an auxiliary or flow (Vensim's ACTIVE INITIAL, as xmutil writes it): its value
   * while stocks are initialised; `equation` gives its value from the start time on.
   */
  readonly initialEquation?: string;
  readonly units?: string;
  readonly documentation?: string;
  readonly dimensions: readonly string[];
  readonly elements: readonly ElementDefinition[];
  /** Several <eqn> elements in one arrayed variable: one per element, in element order. */
  readonly positionalEquations?: readonly string[];
  /**
   * A stock whose rate is an equation rather than a list of flows (Vensim's INTEG): when given,
   * it is the net flow, and `inflows`/`outflows` only describe the diagram.
   */
  readonly netFlowEquation?: string;
  /** The net flow of each element, in element order, where they differ. */
  readonly positionalNetFlows?: readonly string[];
  /**
   * `initialEquation` of each element, in element order, where they differ (Vensim's ACTIVE
   * INITIAL written element by element; '' for an element without one); beside
   * `positionalEquations` as `initialEquation` is beside `equation`. A stock's start value is its
   * `equation`, never this.
   */
  readonly positionalInitialEquations?: readonly string[];
  readonly graphicalFunction?: GraphicalFunction;
  readonly inflows: readonly string[];
  readonly outflows: readonly string[];
  /** undefined: follow the model's default (the <behavior> section). */
  readonly nonNegative?: boolean;
  /** Module inputs (XMILE access="input") may be replaced by a connection. */
  readonly access?: 'input' | 'output';
  /** For modules: the model it instantiates and its input connections. */
  readonly moduleModel?: string;
  readonly connections?: readonly { readonly to: string; readonly from: string }[];
  /** A stock that behaves as a conveyor. */
  readonly conveyor?: ConveyorOptions;
  /** A stock that behaves as a queue (<queue/>). */
  readonly queue?: boolean;
  /** A conveyor outflow that is a leakage. */
  readonly leak?: LeakOptions;
  /** isee:spreadflow on a conveyor inflow: where on the belt its material lands. */
  readonly spreadFlow?: string;
}

export interface ViewElement {
  readonly kind: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width?: number;
  readonly height?: number;
  /** A flow's pipe (<pts>), from source end to sink end. */
  readonly points?: readonly { readonly x: number; readonly y: number }[];
  /** Where the name goes (XMILE label_side): top, bottom, left, right or center. */
  readonly labelSide?: 'top' | 'bottom' | 'left' | 'right' | 'center';
}

export interface ViewConnector {
  readonly from: string;
  readonly to: string;
  readonly angle?: number;
  /** Set when that end is a ghost (<alias uid>) of the variable named in `from` / `to`. */
  readonly fromAlias?: string;
  readonly toAlias?: string;
}

/** A ghost of a variable drawn a second time elsewhere in the diagram (XMILE <alias>). */
export interface ViewAlias {
  readonly uid: string;
  /** The variable's name, as in <of>. */
  readonly of: string;
  readonly x: number;
  readonly y: number;
  readonly labelSide?: 'top' | 'bottom' | 'left' | 'right' | 'center';
}

/** A sector: a named frame round part of the diagram (XMILE <group> in a view; x, y is its top left). */
export interface ViewGroup {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ModelView {
  readonly elements: readonly ViewElement[];
  readonly connectors: readonly ViewConnector[];
  /** Ghosts and sectors, when the file has them (XMILE does; a Vensim sketch has neither). */
  readonly aliases?: readonly ViewAlias[];
  readonly groups?: readonly ViewGroup[];
}

export interface SubModel {
  /** '' for the main (root) model. */
  readonly name: string;
  readonly variables: readonly VariableDefinition[];
  readonly views: readonly ModelView[];
}

export interface MacroDefinition {
  readonly name: string;
  readonly parameters: readonly string[];
  readonly equation: string;
  readonly variables: readonly VariableDefinition[];
}

/**
 * Whose semantics apply where the tools differ (XMILE leaves some to the vendor, and converted
 * files keep their source tool's meaning): `vensim` for files Vensim or xmutil wrote (INT is
 * Vensim's INTEGER, truncating; DELAY N lowers its order to fit the time step), `stella` for
 * isee's Stella and iThink, `xmile` for everything else (the XMILE 1.0 text as written).
 */
export type ModelDialect = 'xmile' | 'stella' | 'vensim';

export interface ModelDocument {
  readonly fileName?: string;
  /** Absent: `xmile`. */
  readonly dialect?: ModelDialect;
  readonly name?: string;
  readonly simSpecs: SimSpecs;
  readonly dimensions: readonly Dimension[];
  readonly models: readonly SubModel[];
  readonly macros: readonly MacroDefinition[];
  readonly defaults: { readonly stocksNonNegative: boolean; readonly flowsNonNegative: boolean };
}
