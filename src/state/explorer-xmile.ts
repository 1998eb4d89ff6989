/**
 * Write constants' values into an XMILE file as a careful string edit: the file is scanned once
 * for its main model's variables and their `<eqn>` text, and only the equations of changed
 * constants are replaced. Every other byte (views, comments, vendor tags, formatting) stays as it
 * was, so the file opens wherever the original opened and re-imports to the same numbers.
 * pattern: Functional Core
 */
import { canonicalName, type CompiledModel } from '../engine/index.ts';

interface Span {
  readonly start: number;
  readonly end: number;
}

interface ElementSite {
  /** Canonical names of the element's subscripts: `["a", "d"]` for `subscript="A, D"`. */
  readonly subscripts: readonly string[];
  eqn: Span | null;
}

interface VariableSite {
  readonly name: string;
  /** Content of the variable's own `<eqn>` (between the tags), if it has one. */
  eqn: Span | null;
  /** The whole `<eqn>…</eqn>`, tags included. */
  eqnElement: Span | null;
  readonly elements: ElementSite[];
}

interface Frame {
  readonly local: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tagStart: number;
  readonly contentStart: number;
  readonly role: 'main-model' | 'variables' | 'variable' | 'element' | 'eqn' | 'other';
  readonly variable?: VariableSite;
  readonly element?: ElementSite;
}

const VARIABLE_TAGS = new Set(['aux', 'flow', 'stock']);

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : match;
  });
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function expect(source: string, token: string, from: number): number {
  const at = source.indexOf(token, from);
  if (at < 0) throw new Error(`the XMILE text ends inside a markup construct (no "${token}" after offset ${from})`);
  return at;
}

/** Parse a start tag at `lt`: its name, attributes, where it ends and whether it closes itself. */
function readStartTag(source: string, lt: number): { name: string; attributes: Record<string, string>; end: number; selfClosing: boolean } {
  let i = lt + 1;
  const nameMatch = /^[^\s/>]+/.exec(source.slice(i, i + 200));
  if (!nameMatch) throw new Error(`a tag without a name at offset ${lt}`);
  const name = nameMatch[0];
  i += name.length;
  const attributes: Record<string, string> = {};
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (i >= source.length) throw new Error(`the tag <${name}> at offset ${lt} is not closed`);
    if (source.startsWith('/>', i)) return { name, attributes, end: i + 2, selfClosing: true };
    if (source[i] === '>') return { name, attributes, end: i + 1, selfClosing: false };
    const equals = source.indexOf('=', i);
    if (equals < 0) throw new Error(`an attribute without a value in <${name}> at offset ${lt}`);
    const attribute = source.slice(i, equals).trim();
    i = equals + 1;
    while (/\s/.test(source[i] ?? '')) i++;
    const quote = source[i];
    if (quote !== '"' && quote !== "'") throw new Error(`an unquoted attribute in <${name}> at offset ${lt}`);
    const close = expect(source, quote, i + 1);
    attributes[attribute] = decodeEntities(source.slice(i + 1, close));
    i = close + 1;
  }
}

/** Find the main model's variables with the text spans of their equations. */
function scanVariables(source: string): Map<string, VariableSite> {
  const variables = new Map<string, VariableSite>();
  const stack: Frame[] = [];
  let mainModelSeen = false;
  let i = 0;
  for (;;) {
    const lt = source.indexOf('<', i);
    if (lt < 0) break;
    if (source.startsWith('<!--', lt)) {
      i = expect(source, '-->', lt + 4) + 3;
      continue;
    }
    if (source.startsWith('<![CDATA[', lt)) {
      i = expect(source, ']]>', lt + 9) + 3;
      continue;
    }
    if (source.startsWith('<?', lt)) {
      i = expect(source, '?>', lt + 2) + 2;
      continue;
    }
    if (source.startsWith('<!', lt)) {
      const bracket = source.indexOf('[', lt);
      const close = source.indexOf('>', lt);
      i = bracket >= 0 && bracket < close ? expect(source, ']', bracket) : close;
      i = expect(source, '>', i) + 1;
      continue;
    }
    if (source[lt + 1] === '/') {
      const gt = expect(source, '>', lt);
      const frame = stack.pop();
      if (!frame) throw new Error(`a closing tag without an opening one at offset ${lt}`);
      if (frame.role === 'eqn') {
        const parent = stack.at(-1);
        const content = { start: frame.contentStart, end: lt };
        if (parent?.role === 'variable' && parent.variable) {
          parent.variable.eqn = content;
          parent.variable.eqnElement = { start: frame.tagStart, end: gt + 1 };
        } else if (parent?.role === 'element' && parent.element) {
          parent.element.eqn = content;
        }
      }
      i = gt + 1;
      continue;
    }
    const tag = readStartTag(source, lt);
    i = tag.end;
    if (tag.selfClosing) continue;
    const parent = stack.at(-1);
    const local = tag.name;
    let role: Frame['role'] = 'other';
    let variable: VariableSite | undefined;
    let element: ElementSite | undefined;
    if (local === 'model' && parent?.local === 'xmile' && tag.attributes['name'] === undefined && !mainModelSeen) {
      role = 'main-model';
      mainModelSeen = true;
    } else if (local === 'variables' && parent?.role === 'main-model') {
      role = 'variables';
    } else if (VARIABLE_TAGS.has(local) && parent?.role === 'variables' && tag.attributes['name'] !== undefined) {
      role = 'variable';
      variable = { name: tag.attributes['name'], eqn: null, eqnElement: null, elements: [] };
      variables.set(canonicalName(variable.name), variable);
    } else if (local === 'element' && parent?.role === 'variable' && parent.variable) {
      role = 'element';
      element = { subscripts: (tag.attributes['subscript'] ?? '').split(',').map((part) => canonicalName(part)), eqn: null };
      parent.variable.elements.push(element);
    } else if (local === 'eqn' && (parent?.role === 'variable' || parent?.role === 'element')) {
      role = 'eqn';
    }
    stack.push({ local, attributes: tag.attributes, tagStart: lt, contentStart: tag.end, role, ...(variable ? { variable } : {}), ...(element ? { element } : {}) });
  }
  return variables;
}

/** A number as XMILE text that reads back as exactly the same double. */
export function formatConstant(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`a constant must be a finite number, not ${value}`);
  return String(value);
}

function splitId(id: string): { base: string; subscripts: string[] | null } {
  const open = id.indexOf('[');
  if (open < 0) return { base: id, subscripts: null };
  return { base: id.slice(0, open), subscripts: id.slice(open + 1, -1).split(',') };
}

function sameSubscripts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Return `source` with each constant in `values` (parameter id → value) written into its
 * equation. Elements of an array defined by one equation for all are written one by one. Throw
 * when a constant cannot be found in the file's main model (a module's constant, say).
 */
export function writeConstants(source: string, model: CompiledModel, values: Readonly<Record<string, number>>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return source;
  const sites = scanVariables(source);
  const edits: { start: number; end: number; text: string }[] = [];
  const expanded = new Set<string>();
  for (const [id, value] of entries) {
    const { base, subscripts } = splitId(id);
    const site = sites.get(base);
    if (!site) throw new Error(`"${id}" is not a constant of the file's main model, so its value cannot be written`);
    if (subscripts === null) {
      if (!site.eqn) throw new Error(`"${site.name}" has no equation to write its value into`);
      edits.push({ ...site.eqn, text: formatConstant(value) });
      continue;
    }
    const element = site.elements.find((candidate) => sameSubscripts(candidate.subscripts, subscripts));
    if (element?.eqn) {
      edits.push({ ...element.eqn, text: formatConstant(value) });
      continue;
    }
    if (site.elements.length > 0 || !site.eqnElement) throw new Error(`the element ${id} has no equation of its own in the file`);
    if (expanded.has(base)) continue;
    expanded.add(base);
    // One equation for the whole array: write every element, the changed ones with their new values.
    const lineStart = source.lastIndexOf('\n', site.eqnElement.start) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart, site.eqnElement.start))?.[0] ?? '';
    const parts = model.parameters
      .filter((parameter) => parameter.id.startsWith(`${base}[`))
      .map((parameter) => {
        const subscriptText = parameter.label.slice(parameter.label.indexOf('[') + 1, -1);
        const written = values[parameter.id] ?? parameter.value;
        return `<element subscript="${escapeAttribute(subscriptText)}"><eqn>${formatConstant(written)}</eqn></element>`;
      });
    edits.push({ ...site.eqnElement, text: parts.join(`\n${indent}`) });
  }
  edits.sort((a, b) => b.start - a.start);
  let result = source;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
