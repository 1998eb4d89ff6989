import type { LinkKind } from '../api-types.ts';
import type { ResolvedVariable } from '../compile/compile-program.ts';
import { canonicalName } from '../equation/canonical-name.ts';

/** A link before its polarity is measured. */
export interface RawLink {
  readonly from: string;
  readonly to: string;
  readonly kind: LinkKind;
}

/**
 * Every link of the model at the level of variables (an arrayed variable is one node): what each
 * equation reads, and which flows fill and drain which stocks. Hidden variables (the stocks
 * inside SMTH, DELAYn, macros) belong to the variable whose equation made them.
 */
export function structureLinks(variables: readonly ResolvedVariable[]): RawLink[] {
  const known = new Set(variables.map((variable) => variable.id));
  // The compiler resolves a name in a module's own scope first, then in the main model.
  const resolve = (name: string, scope: string): string | undefined => {
    const id = canonicalName(name);
    if (known.has(scope + id)) return scope + id;
    return known.has(id) ? id : undefined;
  };
  const links: RawLink[] = [];
  for (const variable of variables) {
    const definition = variable.scoped.definition;
    if (definition.kind === 'module') continue;
    const connected = variable.scoped.connectedFrom;
    if (connected !== undefined) {
      // A connected module input, even a stock, only passes on the value it is connected to.
      links.push({ from: connected, to: variable.id, kind: 'information' });
      continue;
    }
    if (definition.kind !== 'stock') {
      for (const dependency of variable.dependsOn) links.push({ from: dependency, to: variable.id, kind: 'information' });
      continue;
    }
    const flows = new Set<string>();
    for (const name of definition.inflows) {
      const flow = resolve(name, variable.scoped.scope);
      if (flow === undefined) continue;
      flows.add(flow);
      links.push({ from: flow, to: variable.id, kind: 'inflow' });
    }
    for (const name of definition.outflows) {
      const flow = resolve(name, variable.scoped.scope);
      if (flow === undefined) continue;
      flows.add(flow);
      links.push({ from: variable.id, to: flow, kind: 'outflow' });
    }
    // What a stock reads besides its flows is read by its initial value only.
    for (const dependency of variable.dependsOn) if (!flows.has(dependency)) links.push({ from: dependency, to: variable.id, kind: 'initial' });
  }
  return links;
}

/** True when `variable` is integrated as a stock (a connected stock input is not). */
export function isIntegratedStock(variable: ResolvedVariable): boolean {
  return variable.scoped.definition.kind === 'stock' && variable.scoped.connectedFrom === undefined;
}
