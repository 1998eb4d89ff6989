/** Sizes past which a model is refused: no real model comes near them, a typo or a hostile file does. */

/** Past this many scalar slots a model is refused: it would not fit a browser tab anyway. */
export const MAX_SLOTS = 2_000_000;
export const MAX_STEPS = 20_000_000;
/** A belt longer than this (transit time / DT) is a typo or hostile, never a model. */
export const MAX_CONVEYOR_SLATS = 1_000_000;
/**
 * Taller expression trees are cut: the partial result goes into a hidden slot. Back ends walk
 * trees recursively, and V8 cannot even parse generated code nested ~2,000 parentheses deep, so
 * SUM over a 2,000-element array or an equation of 3,000 terms would otherwise overflow the stack.
 */
export const MAX_TREE_HEIGHT = 200;
