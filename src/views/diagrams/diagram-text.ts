/**
 * The diagram in words: a one-line summary for the picture's description, and the text version
 * (every variable with its kind, value, what fills and drains it, what it reads and what reads
 * it) that follows the picture for screen readers and for anyone who prefers reading.
 */
import type { CompiledModel } from '../../engine/index.ts';
import { el } from '../dom.ts';
import type { DiagramLayout, LayoutNode } from './diagram-layout.ts';

/** Values as people read them: four significant digits, compact past a million, a real minus sign. */
export function formatDiagramValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const text = Math.abs(value) >= 1e6 ? value.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 }) : value.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return text.replace(/^-/, '−');
}

/** One sentence on what the picture holds: counts, the stocks, the sectors and the ghosts. */
export function describeLayout(layout: DiagramLayout, labelOf: (id: string) => string): string {
  const own = layout.nodes.filter((node) => node.of === undefined);
  const count = (kind: LayoutNode['kind']) => own.filter((node) => node.kind === kind).length;
  const stocks = own.filter((node) => node.kind === 'stock').map((node) => labelOf(node.id));
  const ghosts = layout.nodes.length - own.length;
  const sectors = layout.groups.length > 0 ? ` in ${layout.groups.length} sectors (${layout.groups.map((group) => group.name).join(', ')})` : '';
  const ghostWords = ghosts > 0 ? `; ${ghosts} variables are drawn a second time as ghosts, near what they affect in another sector` : '';
  return `${count('stock')} stocks (${stocks.join(', ')}), ${count('flow')} flows, ${count('aux')} converters and ${layout.connectors.length} connectors${sectors}${ghostWords}. The text version below lists each variable with its links.`;
}

/** The text version: each variable with its kind, value, what fills and drains it, what it reads and what reads it. */
export function describeAsList(model: CompiledModel, layout: DiagramLayout, labelOf: (id: string) => string): { element: HTMLDetailsElement; values: Map<string, HTMLElement> } {
  const readers = new Map<string, string[]>();
  for (const variable of model.variables) for (const input of variable.dependsOn) (readers.get(input) ?? readers.set(input, []).get(input)!).push(variable.id);
  const values = new Map<string, HTMLElement>();
  const kindById = new Map(model.variables.map((variable) => [variable.id, variable.kind]));
  const drawn = new Set(layout.nodes.map((node) => node.id));
  const names = (ids: readonly string[]) => ids.map(labelOf).join(', ');
  const groups: { heading: string; kinds: readonly string[] }[] = [
    { heading: 'Stocks', kinds: ['stock'] },
    { heading: 'Flows', kinds: ['flow'] },
    { heading: 'Converters', kinds: ['aux', 'gf', 'module'] },
  ];
  const sections = groups.map(({ heading, kinds }) => {
    const items = model.variables
      .filter((variable) => kinds.includes(variable.kind) && drawn.has(variable.id))
      .map((variable) => {
        const value = el('span', { class: 'sfd-text-value' }, [variable.isParameter && variable.value !== undefined ? formatDiagramValue(variable.value) : '']);
        values.set(variable.id, value);
        const parts: string[] = [];
        if (variable.kind === 'stock') {
          if (variable.inflows.length > 0) parts.push(`filled by ${names(variable.inflows)}`);
          if (variable.outflows.length > 0) parts.push(`drained by ${names(variable.outflows)}`);
        } else if (variable.dependsOn.length > 0) parts.push(`depends on ${names(variable.dependsOn)}`);
        const readBy = (readers.get(variable.id) ?? []).filter((reader) => kindById.get(reader) !== 'stock');
        if (readBy.length > 0) parts.push(`affects ${names(readBy)}`);
        return el('li', {}, [el('strong', {}, [variable.label]), variable.units ? ` (${variable.units})` : '', ': ', value, parts.length > 0 ? `; ${parts.join('; ')}.` : '.']);
      });
    return items.length === 0 ? null : el('section', {}, [el('h4', {}, [heading]), el('ul', {}, items)]);
  });
  const element = el('details', { class: 'sfd-text' }, [el('summary', {}, ['Text version of the diagram: every variable and its links']), ...sections]);
  return { element, values };
}
