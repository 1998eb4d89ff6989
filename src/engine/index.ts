/**
 * Alliance Dynamics stock-and-flow engine: XMILE in, simulations out. Pure TypeScript with no
 * DOM, Node or network access, so the same code runs in the browser, a worker, the server and
 * the CLI. Other layers import only from this file.
 */
export { compileModel, compileDocument } from './compile-model.ts';
export { readXmile } from './xmile/read-xmile.ts';
export { readVensim, looksLikeVensim, type VensimReadOptions, type VensimReadResult } from './vensim/read-vensim.ts';
export { writeVensimConstants } from './vensim/write-vensim-constants.ts';
export { sheetJsWorkbooks, type SheetJsLike } from './vensim/sheetjs-workbooks.ts';
export { formatModelError, type ModelError, type ModelErrorCode } from './errors.ts';
export { RunOptionError } from './sim/parameter-index.ts';
export { canonicalName, displayName } from './equation/canonical-name.ts';
export { parseEquation, EquationSyntaxError } from './equation/parse-equation.ts';
export type { Expr } from './equation/ast.ts';
export { canGenerateCode } from './backends/codegen.ts';
export { loopDominance, dominancePhases, type LoopDominance, type LoopDominanceOptions, type LoopScores, type DominancePhase } from './structure/loop-dominance.ts';
export type * from './api-types.ts';
export type * from './xmile/model-document.ts';
