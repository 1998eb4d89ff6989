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
        const childInputs = new Map<string, string>();
        for (const connection of definition.connections ?? []) {
          const to = stripModulePrefix(connection.to, local);
          const from = canonicalName(connection.from.replace(/^\./, ''));
          childInputs.set(to, scope + from);
        }
        result.push({ id, scope, definition });
        // A connection to a name the module's model does not define would silently do nothing.
        const defined = new Set(target.variables.map((variable) => canonicalName(variable.name)));
        for (const connection of definition.connections ?? []) {
          if (!defined.has(stripModulePrefix(connection.to, local))) {
            throw new ModelErrorSignal(
              modelError('unknown-variable', `module "${definition.name}" connects "${connection.from}" to "${connection.to}", but its model "${target.name}" has no variable of that name`, {
                variable: definition.name,
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

/** A chain of module models as people read it: the main model > "region" > "sector". */
function describePath(path: readonly string[]): string {
  return path.map((name) => (name === '' ? 'the main model' : `"${name}"`)).join(' > ');
}

function stripModulePrefix(raw: string, moduleId: string): string {
  const name = canonicalName(raw.replace(/^\./, ''));
  return name.startsWith(`${moduleId}.`) ? name.slice(moduleId.length + 1) : name;
}
