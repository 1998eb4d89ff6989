import type { ModelView, ViewConnector, ViewElement } from './model-document.ts';
import { attr, child, children, firstChild, text, type XmlNode } from './xml-nodes.ts';

/** The diagrams of an XMILE file: each <view>'s shapes and connectors, or a draft model's <display> positions. */

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
      elements.push({
        kind,
        name,
        x,
        y,
        ...(Number.isFinite(width) ? { width } : {}),
        ...(Number.isFinite(height) ? { height } : {}),
        ...(points.length > 0 ? { points } : {}),
      });
    }
  }
  const connectors: ViewConnector[] = children(node, 'connector').flatMap((item) => {
    const from = text(child(item, 'from'))?.trim();
    const to = text(child(item, 'to'))?.trim();
    const angle = Number(attr(item, 'angle'));
    return from && to ? [{ from, to, ...(Number.isFinite(angle) ? { angle } : {}) }] : [];
  });
  return { elements, connectors };
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
