/**
 * Syntax of a Vensim model (`.mdl`) as written: names not yet resolved, functions not yet
 * translated. Vensim's own names (spaces, any case) are kept as written.
 */
export type VensimExpr =
  | { readonly kind: 'number'; readonly value: number }
  /** 'text' in single quotes: file names, sheet names and cells of the GET functions. */
  | { readonly kind: 'string'; readonly text: string }
  /** `:NA:`, Vensim's "not available" value. */
  | { readonly kind: 'na' }
  | { readonly kind: 'ref'; readonly name: string; readonly subscripts: readonly VensimSubscript[] }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand: VensimExpr }
  | { readonly kind: 'binary'; readonly op: VensimBinaryOp; readonly left: VensimExpr; readonly right: VensimExpr }
  /** A function, macro or lookup called with arguments; `subscripts` for a subscripted lookup. */
  | { readonly kind: 'call'; readonly name: string; readonly subscripts: readonly VensimSubscript[]; readonly args: readonly VensimExpr[] }
  /** A lookup written in place: `([(0,0)-(2,1)], (0,0), (1,0.5), (2,1))`. */
  | { readonly kind: 'lookup'; readonly table: VensimLookup }
  /** `(a, b)` where a list is allowed: the second argument of some functions. */
  | { readonly kind: 'list'; readonly items: readonly VensimExpr[] };

export type VensimBinaryOp = '+' | '-' | '*' | '/' | '^' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface VensimSubscript {
  readonly name: string;
  /** `Dim!`: every element of Dim, inside a reduction (SUM, PROD, VMIN, VMAX...). */
  readonly bang: boolean;
}

export interface VensimLookup {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

/** The left-hand side of an equation: `name[a, B] :EXCEPT: [a1, B]`. */
export interface VensimLhs {
  readonly name: string;
  readonly subscripts: readonly string[];
  readonly except: readonly (readonly string[])[];
}

/** What follows the left-hand side. */
export type VensimDefinition =
  | { readonly kind: 'equation'; readonly expr: VensimExpr }
  /** `name[Dim] = 1, 2, 3` or a table `1, 2; 3, 4;`. */
  | { readonly kind: 'constants'; readonly values: readonly number[] }
  /** `name(...)`: a lookup table variable. */
  | { readonly kind: 'lookup'; readonly table: VensimLookup }
  /** `name := GET ... DATA(...)` or a bare data variable (`name :INTERPOLATE:`), read from outside. */
  | { readonly kind: 'data'; readonly expr?: VensimExpr; readonly keyword?: string }
  /** `name(GET XLS LOOKUPS(...))`: a lookup read from a file. */
  | { readonly kind: 'lookup-data'; readonly expr: VensimExpr }
  /** Reality checks (`:THE CONDITION:`, `:TEST INPUT:`) do not take part in a simulation. */
  | { readonly kind: 'reality-check' };

export interface VensimEquation {
  readonly lhs: VensimLhs;
  readonly definition: VensimDefinition;
  readonly units: string;
  readonly comment: string;
  /** The equation as written (left and right side), for messages and the explorer. */
  readonly text: string;
}

export interface VensimDimension {
  readonly name: string;
  /** Elements and sub-dimensions as written, in order; `(a1-a5)` already expanded. */
  readonly members: readonly string[];
  /** `-> Target` or `-> (Target: e1, e2)`: how this dimension's elements map onto another's. */
  readonly mappings: readonly { readonly target: string; readonly members?: readonly string[] }[];
  /** `Dim <-> Other`: another name for a dimension. */
  readonly aliasOf?: string;
  /** `GET DIRECT SUBSCRIPT(file, delimiter, first, last, prefix)`: elements read from a file. */
  readonly fromFile?: readonly string[];
}

export interface VensimMacro {
  readonly name: string;
  /** Inputs, then outputs written after a colon: `MACRO NAME(input, other : output)`. */
  readonly parameters: readonly string[];
  readonly outputs: readonly string[];
  readonly equations: readonly VensimEquation[];
}
