import { canonicalName } from '../equation/canonical-name.ts';
import { ModelErrorSignal, modelError } from '../errors.ts';
import type { ModelDocument, SubModel, VariableDefinition } from '../xmile/model-document.ts';

/** A variable of the root model or of a module instance, with its place in the module tree. */
export interface ScopedVariable {
  /** Canonical id: `sales`, or `region.sales` inside module `region`. */
  readonly id: string;
  /** Module path prefix used to resolve names in its equations: '' or 'region.'. */
  readonly scope: string;
  readonly definition: VariableDefinition;
  /** For a module input that is connected: the canonical id of the variable that feeds it. */
  readonly connectedFrom?: string;
}

const MAX_MODULE_DEPTH = 20;

/**
 * XMILE modules (XMILE 1.0 section 3.6) are instantiated by copying the module's model with its
 * instance name as a prefix; an input connected from outside reads the outer variable.
 */
export function flattenModules(document: ModelDocument): ScopedVariable[] {
  const modelsByName = new Map<string, SubModel>();
  for (const model of document.models) modelsByName.set(canonicalName(model.name), model);
  const root = document.models[0]!;
  const result: ScopedVariable[] = [];

  const instantiate = (model: SubModel, scope: string, inputs: Map<string, string>, path: string[]): void => {
    if (path.length > MAX_MODULE_DEPTH) {
      throw new ModelErrorSignal(modelError('limit', `modules are nested more than ${MAX_MODULE_DEPTH} deep (${describePath(path)})`));
    }
    const connectionsOf = moduleConnections(model.variables);
    for (const definition of model.variables) {
      const local = canonicalName(definition.name);
      const id = scope + local;
      if (definition.kind === 'module') {
        const target = modelsByName.get(canonicalName(definition.moduleModel ?? definition.name));
        if (!target) {
          throw new ModelErrorSignal(
            modelError('structure', `module "${definition.name}" refers to model "${definition.moduleModel ?? definition.name}", which the file does not define`, {
              variable: definition.name,
            }),
          );
        }
        if (path.includes(canonicalName(target.name))) {
          const chain = describePath([...path, canonicalName(target.name)]);
          throw new ModelErrorSignal(modelError('circular', `module "${definition.name}" contains itself (${chain})`, { variable: definition.name }));
        }
        const connections = connectionsOf.get(local) ?? [];
        const childInputs = new Map<string, string>();
        for (const connection of connections) childInputs.set(connection.input, scope + canonicalName(connection.from.replace(/^\./, '')));
        result.push({ id, scope, definition });
        // A connection to a name the module's model does not define would silently do nothing.
        const defined = new Set(target.variables.map((variable) => canonicalName(variable.name)));
        for (const connection of connections) {
          if (!defined.has(connection.input)) {
            throw new ModelErrorSignal(
              modelError('unknown-variable', `module "${connection.listedOn}" connects "${connection.from}" to "${connection.to}", but the model "${target.name}" of module "${definition.name}" has no variable of that name`, {
                variable: connection.listedOn,
              }),
            );
          }
        }
        instantiate(target, `${id}.`, childInputs, [...path, canonicalName(target.name)]);
        continue;
      }
      const connectedFrom = inputs.get(local);
      result.push({ id, scope, definition, ...(connectedFrom === undefined ? {} : { connectedFrom }) });
    }
  };
  instantiate(root, '', new Map(), ['']);
  return result;
}

interface ModuleConnection {
  /** The input's name in the module's own model (canonical). */
  readonly input: string;
  readonly from: string;
  readonly to: string;
  /** The module whose <connect> lists it (Stella Architect lists each connection on both ends). */
  readonly listedOn: string;
}

/**
 * Every module's input connections in one model, by the module they feed (canonical name). A
 * <connect to="input"> feeds the module listing it; to="mod.input" feeds module `mod`, whichever
 * module lists it: Stella Architect writes a connection between two modules on both, as
 * to="lynxes.hare_density" from="hares.hare_density" on hares and on lynxes.
 */
function moduleConnections(variables: readonly VariableDefinition[]): Map<string, ModuleConnection[]> {
  const modules = new Set(variables.filter((variable) => variable.kind === 'module').map((variable) => canonicalName(variable.name)));
  const byModule = new Map<string, ModuleConnection[]>();
  for (const definition of variables) {
    if (definition.kind !== 'module') continue;
    const own = canonicalName(definition.name);
    for (const connection of definition.connections ?? []) {
      const to = canonicalName(connection.to.replace(/^\./, ''));
      const dot = to.indexOf('.');
      const prefix = dot > 0 ? to.slice(0, dot) : undefined;
      const target = prefix !== undefined && modules.has(prefix) ? prefix : own;
      const input = target === prefix ? to.slice(dot + 1) : to;
      const list = byModule.get(target) ?? [];
      const from = canonicalName(connection.from.replace(/^\./, ''));
      const same = list.find((known) => known.input === input);
      if (same && canonicalName(same.from.replace(/^\./, '')) !== from) {
        throw new ModelErrorSignal(
          modelError('structure', `module "${target}" has its input "${input}" connected twice, from "${same.from}" and from "${connection.from}"`, { variable: definition.name }),
        );
      }
      if (!same) list.push({ input, from: connection.from, to: connection.to, listedOn: definition.name });
      byModule.set(target, list);
    }
  }
  return byModule;
}

/** A chain of module models as people read it: the main model > "region" > "sector". */
function describePath(path: readonly string[]): string {
  return path.map((name) => (name === '' ? 'the main model' : `"${name}"`)).join(' > ');
}

