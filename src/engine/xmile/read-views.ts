import type { ModelView, ViewAlias, ViewConnector, ViewElement, ViewGroup } from './model-document.ts';
import { attr, child, children, firstChild, text, type XmlNode } from './xml-nodes.ts';

/** The diagrams of an XMILE file: each <view>'s shapes and connectors, or a draft model's <display> positions. */

const LABEL_SIDES = ['top', 'bottom', 'left', 'right', 'center'] as const;

/** An element's label_side attribute, when it is one of XMILE's five. */
function labelSideOf(node: XmlNode): (typeof LABEL_SIDES)[number] | undefined {
  const side = attr(node, 'label_side');
  return LABEL_SIDES.find((candidate) => candidate === side);
}

export function readView(node: XmlNode): ModelView {
  const elements: ViewElement[] = [];
  for (const kind of ['stock', 'flow', 'aux', 'module']) {
    for (const item of children(node, kind)) {
      const name = attr(item, 'name');
      const x = Number(attr(item, 'x'));
      const y = Number(attr(item, 'y'));
      if (name === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      const width = Number(attr(item, 'width'));
      const height = Number(attr(item, 'height'));
      const points = children(firstChild(item, 'pts'), 'pt')
        .map((pt) => ({ x: Number(attr(pt, 'x')), y: Number(attr(pt, 'y')) }))
        .filter((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y));
      const side = labelSideOf(item);
      elements.push({
        kind,
        name,
        x,
        y,
        ...(Number.isFinite(width) ? { width } : {}),
        ...(Number.isFinite(height) ? { height } : {}),
        ...(points.length > 0 ? { points } : {}),
        ...(side === undefined ? {} : { labelSide: side }),
      });
    }
  }
  const aliases: ViewAlias[] = children(node, 'alias').flatMap((item) => {
    const uid = attr(item, 'uid');
    const of = text(child(item, 'of'))?.trim();
    const x = Number(attr(item, 'x'));
    const y = Number(attr(item, 'y'));
    const side = labelSideOf(item);
    const labelSide = side === undefined ? {} : { labelSide: side };
    return uid !== undefined && of && Number.isFinite(x) && Number.isFinite(y) ? [{ uid, of, x, y, ...labelSide }] : [];
  });
  const aliasOf = new Map(aliases.map((alias) => [alias.uid, alias.of]));
  // A connector's end is a variable's name, or <alias uid="…"/> for one of its ghosts.
  const end = (value: unknown): { name: string; alias?: string } | undefined => {
    const uid = typeof value === 'object' && value !== null ? attr(firstChild(value as XmlNode, 'alias'), 'uid') : undefined;
    if (uid !== undefined) {
      const of = aliasOf.get(uid);
      return of === undefined ? undefined : { name: of, alias: uid };
    }
    const name = text(value)?.trim();
    return name ? { name } : undefined;
  };
  const connectors: ViewConnector[] = children(node, 'connector').flatMap((item) => {
    const from = end(child(item, 'from'));
    const to = end(child(item, 'to'));
    const angle = Number(attr(item, 'angle'));
    if (!from || !to) return [];
    return [{ from: from.name, to: to.name, ...(Number.isFinite(angle) ? { angle } : {}), ...(from.alias === undefined ? {} : { fromAlias: from.alias }), ...(to.alias === undefined ? {} : { toAlias: to.alias }) }];
  });
  const groups: ViewGroup[] = children(node, 'group').flatMap((item) => {
    const name = attr(item, 'name');
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((key) => Number(attr(item, key)));
    return name !== undefined && [x, y, width, height].every((value) => Number.isFinite(value)) && width! > 0 && height! > 0 ? [{ name, x: x!, y: y!, width: width!, height: height! }] : [];
  });
  return { elements, connectors, aliases, groups };
}

/**
 * The diagram of a draft (pre-1.0) model: each variable's own <display x y> (with a flow's
 * <pts>), and the connectors of the model's <display>.
 */
export function readDraftView(model: XmlNode): ModelView {
  const elements: ViewElement[] = [];
  for (const kind of ['stock', 'flow', 'aux', 'module']) {
    for (const item of children(model, kind)) {
      const display = firstChild(item, 'display');
      const name = attr(item, 'name');
      const x = Number(attr(display, 'x'));
      const y = Number(attr(display, 'y'));
      if (name === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      const points = children(firstChild(display, 'pts'), 'pt')
        .map((pt) => ({ x: Number(attr(pt, 'x')), y: Number(attr(pt, 'y')) }))
        .filter((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y));
      elements.push({ kind, name, x, y, ...(points.length > 0 ? { points } : {}) });
    }
  }
  const connectors = children(firstChild(model, 'display'), 'connector').flatMap((item) => {
    const from = text(child(item, 'from'))?.trim();
    const to = text(child(item, 'to'))?.trim();
    return from && to ? [{ from, to }] : [];
  });
  return { elements, connectors };
}
