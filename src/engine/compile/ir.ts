/**
 * The scalar intermediate form both back ends share. Every array element is its own slot, every
 * name is resolved to a slot index, and the same tree gives the same IEEE operations in the
 * generated JavaScript and in the bytecode VM.
 */
/**
 * `int` is the floor, as XMILE (§3.5.1) and Stella define INT: INT(-19.875) = -20; `trunc` cuts
 * toward zero, as Vensim's INTEGER does (INTEGER(-9.9) = -9).
 */
export type MathFunction =
  | 'abs' | 'sqrt' | 'exp' | 'ln' | 'log10' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'int' | 'trunc' | 'round' | 'min' | 'max' | 'pulse' | 'ramp' | 'safediv' | 'sign'
  /** a / b and a MOD b that note a zero divisor (slot, time): only in the replay that explains Infinity and NaN. */
  | 'checkeddiv' | 'checkedmod'
  /**
   * Areas under a table, args [table index (a constant), from, to]: `lookup_area` as Vensim's LOOKUP
   * AREA, `lookuparea` and `lookupmean` as Stella's (runtime-functions.ts, lookupArea).
   */
  | 'lookup_area' | 'lookuparea' | 'lookupmean';

export type IrBinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export type Ir =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'slot'; readonly s: number }
  | { readonly k: 'neg'; readonly a: Ir }
  | { readonly k: 'not'; readonly a: Ir }
  | { readonly k: 'bin'; readonly op: IrBinaryOp; readonly a: Ir; readonly b: Ir }
  | { readonly k: 'if'; readonly c: Ir; readonly t: Ir; readonly e: Ir }
  | { readonly k: 'fn'; readonly fn: MathFunction; readonly args: readonly Ir[] }
  | { readonly k: 'lookup'; readonly table: number; readonly x: Ir }
  /** A seeded draw; `state` is the slot holding this call site's generator state. */
  | { readonly k: 'random'; readonly dist: 'uniform' | 'normal' | 'lognormal'; readonly state: number; readonly args: readonly Ir[] }
  /**
   * values[index] (0-based; an index outside 0 … n-1 gives `missing`): an element chosen while the
   * model runs (aux[INT(TIME MOD 5) + 1], VECTOR ELM MAP). `scratch` is this call site's own place
   * in a scratch array, where generated code may gather the values.
   */
  | { readonly k: 'pick'; readonly values: readonly Ir[]; readonly index: Ir; readonly missing: number; readonly scratch: number }
  /**
   * The 0-based position in `values` of the element at sorted place `rank` (0 = first): ascending
   * where `ascending` is not 0, else descending; equal values keep their order (VECTOR SORT ORDER, RANK).
   */
  | { readonly k: 'rankpick'; readonly values: readonly Ir[]; readonly rank: Ir; readonly ascending: Ir; readonly scratch: number }
  /** Value of a fixed (pipeline) delay's input `delay` time units ago, from its history buffer. */
  | { readonly k: 'history'; readonly base: number; readonly length: number; readonly delay: Ir; readonly initial: Ir; readonly current: Ir };

export interface Assignment {
  readonly slot: number;
  readonly ir: Ir;
}

/** Appends the current input of a fixed delay to its history buffer, once per step. */
export interface HistoryWrite {
  readonly base: number;
  readonly length: number;
  readonly source: Ir;
}

export interface StockIntegration {
  readonly slot: number;
  /** Slot holding the net flow (inflows minus outflows) computed in the rates phase. */
  readonly netSlot: number;
  readonly nonNegative: boolean;
}

export interface LookupTable {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly mode: 0 | 1 | 2; // continuous, extrapolate, discrete
}

/** Reserved slots at the front of the memory. */
export const TIME_SLOT = 0;
export const DT_SLOT = 1;
export const START_SLOT = 2;
export const STOP_SLOT = 3;
export const STEP_SLOT = 4;
export const RESERVED_SLOTS = 5;

/** Everything a back end needs; no names, no syntax, only slots. */
export interface Program {
  readonly slotCount: number;
  /** Size of the scratch array of the pick and rankpick call sites. */
  readonly scratchSize: number;
  /** Slots of overridable constants with their default values. */
  readonly parameters: readonly { readonly slot: number; readonly value: number }[];
  /** Evaluated once at the start time, in dependency order. */
  readonly initial: readonly Assignment[];
  /**
   * Auxiliaries that depend only on parameters: computed in `initial`, and again only when a
   * parameter changes mid-run (a decision between rounds), never at every step.
   */
  readonly invariants: readonly Assignment[];
  /** Evaluated at every time step (and at every RK4 stage), in dependency order. */
  readonly rates: readonly Assignment[];
  /** Net flow of every stock (inflows minus outflows), read only by integration. */
  readonly nets: readonly Assignment[];
  /** After a step's values are saved: PREVIOUS memories. */
  readonly post: readonly Assignment[];
  readonly historyWrites: readonly HistoryWrite[];
  readonly stocks: readonly StockIntegration[];
  readonly tables: readonly LookupTable[];
  /** Slots holding random generator states, seeded at reset. */
  readonly randomStates: readonly number[];
  /**
   * For each random state: the seed written in the call (RANDOM(0, 1, 42)), which starts that
   * call's own stream, or null where the run's seed decides.
   */
  readonly randomSeeds: readonly (number | null)[];
}
