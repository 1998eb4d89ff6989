import type { DiagramElement, DiagramView } from '../api-types.ts';
import type { ResolvedVariable } from '../compile/compile-program.ts';
import { canonicalName } from '../equation/canonical-name.ts';
import type { ModelDocument, ModelView, SubModel } from '../xmile/model-document.ts';

const ELEMENT_KINDS = new Set(['stock', 'flow', 'aux', 'module']);

/**
 * The file's diagram layout (XMILE 1.0 section 5, <views>) with every element named by variable
 * id. A module's model is drawn once per instance, under that instance's prefix. Elements that
 * name no variable (stale entries, aliases) are left out.
 */
export function diagramViews(document: ModelDocument, variables: readonly ResolvedVariable[]): DiagramView[] {
  const known = new Set(variables.map((variable) => variable.id));
  const modelsByName = new Map<string, SubModel>(document.models.map((model) => [canonicalName(model.name), model]));
  const instances: { scope: string; model: SubModel }[] = [{ scope: '', model: document.models[0]! }];
  for (const variable of variables) {
    const definition = variable.scoped.definition;
    if (definition.kind !== 'module') continue;
    const model = modelsByName.get(canonicalName(definition.moduleModel ?? definition.name));
    if (model) instances.push({ scope: `${variable.id}.`, model });
  }
  return instances.flatMap(({ scope, model }) => model.views.map((view) => placeView(view, scope, known)));
}

function placeView(view: ModelView, scope: string, known: ReadonlySet<string>): DiagramView {
  const idOf = (name: string): string | undefined => {
    const id = scope + canonicalName(name.replace(/^\./, ''));
    return known.has(id) ? id : undefined;
  };
  const elements: DiagramElement[] = [];
  for (const element of view.elements) {
    const id = idOf(element.name);
    if (id === undefined || !ELEMENT_KINDS.has(element.kind)) continue;
    elements.push({
      id,
      kind: element.kind as DiagramElement['kind'],
      x: element.x,
      y: element.y,
      ...(element.width === undefined ? {} : { width: element.width }),
      ...(element.height === undefined ? {} : { height: element.height }),
      ...(element.points === undefined ? {} : { points: element.points }),
      ...(element.labelSide === undefined ? {} : { labelSide: element.labelSide }),
    });
  }
  const aliases: DiagramView['aliases'][number][] = [];
  for (const alias of view.aliases ?? []) {
    const of = idOf(alias.of);
    if (of !== undefined) aliases.push({ uid: alias.uid, of, x: alias.x, y: alias.y, ...(alias.labelSide === undefined ? {} : { labelSide: alias.labelSide }) });
  }
  const ghosts = new Set(aliases.map((alias) => alias.uid));
  const connectors: DiagramView['connectors'][number][] = [];
  for (const connector of view.connectors) {
    const from = idOf(connector.from);
    const to = idOf(connector.to);
    if (from === undefined || to === undefined) continue;
    connectors.push({
      from,
      to,
      ...(connector.angle === undefined ? {} : { angle: connector.angle }),
      ...(connector.fromAlias !== undefined && ghosts.has(connector.fromAlias) ? { fromAlias: connector.fromAlias } : {}),
      ...(connector.toAlias !== undefined && ghosts.has(connector.toAlias) ? { toAlias: connector.toAlias } : {}),
    });
  }
  return { scope, elements, connectors, aliases, groups: (view.groups ?? []).map((group) => ({ ...group })) };
}
