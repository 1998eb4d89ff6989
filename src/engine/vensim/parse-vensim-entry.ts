import type { VensimDefinition, VensimDimension, VensimLhs } from './vensim-ast.ts';
import { Parser } from './parse-vensim-equation.ts';
import { describe, VensimSyntaxError } from './tokenize-vensim.ts';

/**
 * One definition of a .mdl file: an equation (with its kind: constants, lookup, data, reality
 * check, ...) or a subscript range with its mappings.
 */

const DATA_KEYWORDS = new Set(['INTERPOLATE', 'RAW', 'HOLD BACKWARD', 'LOOK FORWARD']);
const CHECK_KEYWORDS = new Set(['THE CONDITION', 'TEST INPUT', 'IMPLIES', 'CROSSING', 'CHECK']);

export type VensimEntry =
  | { readonly kind: 'dimension'; readonly dimension: VensimDimension }
  | { readonly kind: 'equation'; readonly lhs: VensimLhs; readonly definition: VensimDefinition };

/**
 * Parses the text of one definition (before its units): an equation, a lookup, a data variable
 * or a subscript range.
 */
export function parseVensimEntry(text: string): VensimEntry {
  const parser = new Parser(text);
  const nameToken = parser.next();
  if (nameToken.type !== 'name') throw new VensimSyntaxError(`a definition must start with a name, not ${describe(nameToken)}`, nameToken.pos);
  const name = nameToken.value;

  // Subscript ranges: `Dim: a, b, (c1-c3) -> Other` and aliases `Dim <-> Other`.
  if (parser.isOp(':')) {
    parser.next();
    return { kind: 'dimension', dimension: dimensionBody(parser, name) };
  }
  if (parser.isOp('<->')) {
    parser.next();
    const target = parser.next();
    if (target.type !== 'name') throw new VensimSyntaxError(`expected a dimension name after "<->"`, target.pos);
    parser.expectEnd();
    return { kind: 'dimension', dimension: { name, members: [], mappings: [], aliasOf: target.value } };
  }

  const subscripts = parser.isOp('[') ? parser.subscripts().map((subscript) => subscript.name) : [];
  const except: string[][] = [];
  if (parser.isKeyword('EXCEPT')) {
    parser.next();
    for (;;) {
      except.push(parser.subscripts().map((subscript) => subscript.name));
      if (!parser.isOp(',')) break;
      parser.next();
    }
  }
  const lhs: VensimLhs = { name, subscripts, except };

  const token = parser.peek();
  if (token.type === 'keyword' && CHECK_KEYWORDS.has(token.value)) return { kind: 'equation', lhs, definition: { kind: 'reality-check' } };
  if (token.type === 'keyword' && DATA_KEYWORDS.has(token.value)) {
    parser.next();
    if (parser.atEnd()) return { kind: 'equation', lhs, definition: { kind: 'data', keyword: token.value } };
    parser.expectOp(':=');
    const expr = parser.expression();
    parser.expectEnd();
    return { kind: 'equation', lhs, definition: { kind: 'data', expr, keyword: token.value } };
  }
  if (parser.atEnd()) return { kind: 'equation', lhs, definition: { kind: 'data' } };
  if (parser.isOp(':=')) {
    parser.next();
    const expr = parser.expression();
    parser.expectEnd();
    return { kind: 'equation', lhs, definition: { kind: 'data', expr } };
  }
  if (parser.isOp('(')) {
    parser.next();
    // `name(GET XLS LOOKUPS(...))`: the table comes from a file.
    if (parser.peek().type === 'name') {
      const expr = parser.expression();
      parser.expectOp(')');
      parser.expectEnd();
      return { kind: 'equation', lhs, definition: { kind: 'lookup-data', expr } };
    }
    const table = parser.lookupBody();
    parser.expectEnd();
    return { kind: 'equation', lhs, definition: { kind: 'lookup', table } };
  }
  if (!parser.isOp('=') && !parser.isOp('==')) {
    const found = parser.peek();
    throw new VensimSyntaxError(`expected "=" after "${name}" but found ${describe(found)}`, found.pos);
  }
  parser.next();
  const constants = constantList(text, parser);
  if (constants) return { kind: 'equation', lhs, definition: { kind: 'constants', values: constants } };
  const expr = parser.expression();
  parser.expectEnd();
  return { kind: 'equation', lhs, definition: { kind: 'equation', expr } };
}

/** `1, 2, 3` or `1, 2; 3, 4;` (numbers only) after "=", else undefined (and nothing read). */
function constantList(text: string, parser: Parser): number[] | undefined {
  const start = parser.peek().pos;
  const rest = text.slice(start).replace(/\\[ \t]*\r?\n/g, ' ').replace(/\{[^}]*\}/g, ' ');
  if (!/[,;]/.test(rest)) return undefined;
  const parts = rest.split(/[,;]/).map((part) => part.trim());
  if (parts.at(-1) === '') parts.pop();
  const number = /^[-+]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  if (parts.length === 0 || !parts.every((part) => number.test(part))) return undefined;
  while (!parser.atEnd()) parser.next();
  return parts.map((part) => Number(part.replace(/\s+/g, '')));
}

function dimensionBody(parser: Parser, name: string): VensimDimension {
  const members: string[] = [];
  const mappings: { target: string; members?: string[] }[] = [];
  const first = parser.peek();
  if (first.type === 'name' && /^GET (DIRECT|XLS) SUBSCRIPTS?$/i.test(first.value) && parser.isOp('(', 1)) {
    parser.next();
    parser.next();
    const args: string[] = [];
    while (!parser.isOp(')')) {
      const token = parser.next();
      if (token.type === 'string') args.push(token.value);
      else if (!(token.type === 'op' && token.value === ',')) throw new VensimSyntaxError(`the arguments of ${first.value} must be texts in single quotes`, token.pos);
    }
    parser.next();
    return { name, members, mappings, fromFile: args };
  }
  for (;;) {
    if (parser.isOp('(')) {
      // A numbered range: (a1-a10).
      const open = parser.next();
      const from = parser.next();
      parser.expectOp('-');
      const to = parser.next();
      parser.expectOp(')');
      if (from.type !== 'name' || to.type !== 'name') throw new VensimSyntaxError('a numbered range is written (a1-a10)', open.pos);
      members.push(...numberedRange(from.value, to.value, open.pos));
    } else {
      const token = parser.next();
      if (token.type !== 'name' && token.type !== 'number') throw new VensimSyntaxError(`expected an element of "${name}" but found ${describe(token)}`, token.pos);
      members.push(token.type === 'number' ? token.text : token.value);
    }
    if (!parser.isOp(',')) break;
    parser.next();
  }
  while (parser.isOp('->')) {
    parser.next();
    if (parser.isOp('(')) {
      parser.next();
      const target = parser.next();
      if (target.type !== 'name') throw new VensimSyntaxError('expected a dimension name in a mapping', target.pos);
      parser.expectOp(':');
      const mapped: string[] = [];
      for (;;) {
        const token = parser.next();
        if (token.type !== 'name' && token.type !== 'number') throw new VensimSyntaxError('expected an element in a mapping', token.pos);
        mapped.push(token.type === 'number' ? token.text : token.value);
        if (!parser.isOp(',')) break;
        parser.next();
      }
      parser.expectOp(')');
      mappings.push({ target: target.value, members: mapped });
    } else {
      const target = parser.next();
      if (target.type !== 'name') throw new VensimSyntaxError('expected a dimension name after "->"', target.pos);
      mappings.push({ target: target.value });
    }
    if (parser.isOp(',')) parser.next();
  }
  parser.expectEnd();
  return { name, members, mappings };
}

const MAX_RANGE = 1_000_000;

/** (a1-a10) → a1, a2, ... a10: the same prefix, then numbers counting up. */
function numberedRange(from: string, to: string, pos: number): string[] {
  const a = /^(.*?)(\d+)$/.exec(from);
  const b = /^(.*?)(\d+)$/.exec(to);
  if (!a || !b || a[1] !== b[1]) throw new VensimSyntaxError(`the range (${from}-${to}) must go between two names that end in numbers after the same prefix`, pos);
  const low = Number(a[2]);
  const high = Number(b[2]);
  if (high < low || high - low >= MAX_RANGE) throw new VensimSyntaxError(`the range (${from}-${to}) does not count up, or is too long`, pos);
  const names: string[] = [];
  for (let n = low; n <= high; n++) names.push(`${a[1]}${n}`);
  return names;
}
