import type { VensimExpr, VensimLookup } from './vensim-ast.ts';
import type { DimensionInfo, Dimensions } from './vensim-dimensions.ts';

/** What translating Vensim expressions works with: the model's shapes, the reader's services, where an equation stands. */

/** A feature of the model this reader cannot translate; the message names the Vensim feature. */
export class VensimUnsupported extends Error {}

/** Thrown in apply-to-all mode when the equation must be written element by element instead. */
export class NeedsElements extends Error {}

/** What the translator knows of the model's variables. */
export interface VariableShape {
  readonly name: string;
  readonly dimensions: readonly DimensionInfo[];
  /** A lookup table (called with an input rather than read as a value). */
  readonly isLookup: boolean;
}

export interface TranslateHost {
  readonly dimensions: Dimensions;
  variable(name: string): VariableShape | undefined;
  isMacro(name: string): boolean;
  /** The table of a lookup variable (for one element of an arrayed one), for LOOKUP INVERT and friends. */
  lookupTable(name: string, elements: readonly string[]): VensimLookup | undefined;
  /** The value of an expression made of numbers and constants only, else undefined. */
  constant(expr: VensimExpr): number | undefined;
  /** The number one element of a variable is defined as (element ids in order), or undefined when it is not a constant. */
  elementConstant(name: string, elements: readonly string[]): number | undefined;
  /** The value at the start time, for settings Vensim fixes when a run starts (TIME and STEP read then). */
  valueAtStart(expr: VensimExpr): number | undefined;
  /** A hidden graphical function holding `table`; returns the name equations call it by. */
  hiddenLookup(owner: string, table: VensimLookup, type: 'continuous' | 'extrapolate' | 'discrete'): string;
}

export interface TranslateContext {
  /** The variable being defined, and the element (ids) being defined for element-by-element equations. */
  readonly owner: VariableShape;
  readonly ownerElements: readonly string[];
  /**
   * Element-by-element: each range of the left-hand side bound to one element (id). undefined
   * for an apply-to-all equation, where ranges are written as they are.
   */
  readonly bindings: ReadonlyMap<string, string> | undefined;
  /** Inside a reduction spelled out element by element: the element each range marked `!` stands for. */
  readonly bangs?: ReadonlyMap<string, string>;
  /**
   * Ranges (ids) written as ranges even where the left-hand side binds them: the one a vector
   * function (VECTOR SORT ORDER, VECTOR RANK, VECTOR REORDER) walks, which the engine resolves.
   */
  readonly free?: ReadonlySet<string>;
}
