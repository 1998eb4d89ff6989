import type { Ir } from '../compile/ir.ts';

/** Number of nodes of an IR tree, counted without recursion: the cost of evaluating it once. */
export function irSize(ir: Ir): number {
  let size = 0;
  const pending: Ir[] = [ir];
  while (pending.length > 0) {
    const node = pending.pop()!;
    size++;
    switch (node.k) {
      case 'const': case 'slot': break;
      case 'neg': case 'not': pending.push(node.a); break;
      case 'bin': pending.push(node.a, node.b); break;
      case 'if': pending.push(node.c, node.t, node.e); break;
      case 'fn': case 'random': pending.push(...node.args); break;
      case 'lookup': pending.push(node.x); break;
      case 'pick': pending.push(...node.values, node.index); break;
      case 'rankpick': pending.push(...node.values, node.rank, node.ascending); break;
      case 'history': pending.push(node.delay, node.initial, node.current); break;
    }
  }
  return size;
}
