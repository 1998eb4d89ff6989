/** Syntax tree of one XMILE equation, as written (names not yet resolved). */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'name'; readonly name: string; readonly pos: number }
  | { readonly kind: 'subscript'; readonly name: string; readonly indices: readonly SubscriptIndex[]; readonly pos: number }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'if'; readonly condition: Expr; readonly then: Expr; readonly otherwise: Expr; readonly pos: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly pos: number };

export type SubscriptIndex =
  | { readonly kind: 'wildcard'; readonly pos: number }
  /** `Dim!` or `*:Dim` style: iterate that dimension inside a reduction. */
  | { readonly kind: 'dimension-wildcard'; readonly name: string; readonly pos: number }
  | { readonly kind: 'expr'; readonly expr: Expr }
  /** `from:to` (XMILE 1.0 §3.7.1.2): the elements from one position (or element) to another, inside an array function. */
  | { readonly kind: 'range'; readonly from: Expr; readonly to: Expr; readonly pos: number };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '<' | '<=' | '>' | '>=' | '=' | '<>' | 'and' | 'or';

export type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

/**
 * Folds a left-deep chain (a + b - c …, as the parser builds it) along its left spine without
 * recursion, in the order recursion would take: the leftmost operand first, then each operator
 * from the innermost out (`node.left` is what has been folded so far). A sum of thousands of terms
 * then cannot overflow the stack.
 */
export function foldLeftChain<T>(expr: BinaryExpr, leaf: (bottom: Expr) => T, step: (left: T, node: BinaryExpr) => T): T {
  const spine: BinaryExpr[] = [];
  let bottom: Expr = expr;
  while (bottom.kind === 'binary') {
    spine.push(bottom);
    bottom = bottom.left;
  }
  let folded = leaf(bottom);
  for (let i = spine.length - 1; i >= 0; i--) folded = step(folded, spine[i]!);
  return folded;
}
