import type { VensimBinaryOp, VensimDefinition, VensimDimension, VensimExpr, VensimLhs, VensimLookup, VensimSubscript } from './vensim-ast.ts';

/** A syntax problem in one Vensim definition, with the 0-based offset where it was found. */
export class VensimSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

type Token =
  | { readonly type: 'number'; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly type: 'name'; readonly value: string; readonly pos: number }
  | { readonly type: 'string'; readonly value: string; readonly pos: number }
  /** `:AND:`, `:EXCEPT:`, `:INTERPOLATE:`... in upper case, without the colons. */
  | { readonly type: 'keyword'; readonly value: string; readonly pos: number }
  | { readonly type: 'op'; readonly value: string; readonly pos: number }
  | { readonly type: 'end'; readonly pos: number };

const MAX_DEPTH = 200;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** `:WORD WORD:` with letters and spaces between the colons. */
const KEYWORD = /:([A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]):/y;
const DELIMITERS = new Set([...'+-*/^()[],<>=:!"~|{};']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0';
}

/** A character that may stand inside an unquoted Vensim name (letters, digits, _, $, ', &, %, ...). */
function isNameChar(ch: string): boolean {
  return !DELIMITERS.has(ch) && !isSpace(ch) && ch !== '\\';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    // A backslash at the end of a line continues the definition on the next.
    if (ch === '\\' && /^\\[ \t]*\r?\n/.test(text.slice(i, i + 4))) {
      i = text.indexOf('\n', i) + 1;
      continue;
    }
    if (ch === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) throw new VensimSyntaxError('a comment opened with "{" is never closed', i);
      i = close + 1;
      continue;
    }
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /\d/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match) {
        tokens.push({ type: 'number', value: Number(match[0]), pos: i, text: match[0] });
        i += match[0].length;
        continue;
      }
    }
    if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new VensimSyntaxError('a quoted name is never closed', i);
      tokens.push({ type: 'name', value, pos: i });
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new VensimSyntaxError('a text in single quotes is never closed', i);
      tokens.push({ type: 'string', value: text.slice(i + 1, close), pos: i });
      i = close + 1;
      continue;
    }
    if (ch === ':') {
      KEYWORD.lastIndex = i;
      const match = KEYWORD.exec(text);
      if (match) {
        tokens.push({ type: 'keyword', value: match[1]!.toUpperCase().replace(/\s+/g, ' '), pos: i });
        i += match[0].length;
        continue;
      }
    }
    if (isNameChar(ch)) {
      // Names may hold spaces: words separated by white space run on until an operator.
      let j = i;
      let end = i;
      while (j < text.length) {
        const c = text[j]!;
        if (isNameChar(c)) {
          j++;
          end = j;
        } else if (isSpace(c)) j++;
        else if (c === '\\' && /^\\[ \t]*\r?\n/.test(text.slice(j, j + 4))) j = text.indexOf('\n', j) + 1;
        else break;
      }
      const value = text.slice(i, end).replace(/\\[ \t]*\r?\n/g, ' ').replace(/\s+/g, ' ');
      tokens.push({ type: 'name', value, pos: i });
      i = end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '<>' || two === ':=' || two === '==' || two === '->') {
      tokens.push({ type: 'op', value: two, pos: i });
      i += 2;
      continue;
    }
    if (text.slice(i, i + 3) === '<->') {
      tokens.push({ type: 'op', value: '<->', pos: i });
      i += 3;
      continue;
    }
    if ('+-*/^()[],<>=:!;'.includes(ch)) {
      tokens.push({ type: 'op', value: ch, pos: i });
      i++;
      continue;
    }
    throw new VensimSyntaxError(`unexpected character "${ch}"`, i);
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

const BINARY: Record<string, { op: VensimBinaryOp; precedence: number }> = {
  OR: { op: 'or', precedence: 1 },
  AND: { op: 'and', precedence: 2 },
  '=': { op: '=', precedence: 4 },
  '<>': { op: '<>', precedence: 4 },
  '<': { op: '<', precedence: 4 },
  '<=': { op: '<=', precedence: 4 },
  '>': { op: '>', precedence: 4 },
  '>=': { op: '>=', precedence: 4 },
  '+': { op: '+', precedence: 5 },
  '-': { op: '-', precedence: 5 },
  '*': { op: '*', precedence: 6 },
  '/': { op: '/', precedence: 6 },
  '^': { op: '^', precedence: 8 },
};
const NOT_PRECEDENCE = 3;
const UNARY_PRECEDENCE = 7;

class Parser {
  private index = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  isOp(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'op' && token.value === value;
  }

  isKeyword(value: string): boolean {
    const token = this.peek();
    return token.type === 'keyword' && token.value === value;
  }

  expectOp(value: string): void {
    const token = this.next();
    if (token.type !== 'op' || token.value !== value) throw new VensimSyntaxError(`expected "${value}" but found ${describe(token)}`, token.pos);
  }

  atEnd(): boolean {
    return this.peek().type === 'end';
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') throw new VensimSyntaxError(`unexpected ${describe(token)} after the end of the expression`, token.pos);
  }

  expression(minPrecedence = 0): VensimExpr {
    const start = this.peek();
    if (++this.depth > MAX_DEPTH) throw new VensimSyntaxError(`the equation is nested more than ${MAX_DEPTH} levels deep`, start.pos);
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const key = token.type === 'op' || token.type === 'keyword' ? token.value : '';
      const info = Object.hasOwn(BINARY, key) ? BINARY[key]! : undefined;
      if (!info || info.precedence < minPrecedence) break;
      this.next();
      // A chain of powers is read from the right (4^3^2 = 4^9), every other chain from the left.
      const right = this.expression(info.op === '^' ? info.precedence : info.precedence + 1);
      left = { kind: 'binary', op: info.op, left, right };
    }
    this.depth--;
    return left;
  }

  private prefix(): VensimExpr {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value };
      case 'string':
        return { kind: 'string', text: token.value };
      case 'end':
        throw new VensimSyntaxError('the equation ends too early', token.pos);
      case 'keyword':
        if (token.value === 'NOT') return { kind: 'unary', op: 'not', operand: this.expression(NOT_PRECEDENCE) };
        if (token.value === 'NA') return { kind: 'na' };
        throw new VensimSyntaxError(`unexpected :${token.value}:`, token.pos);
      case 'op':
        if (token.value === '(') {
          if (this.startsLookup()) return { kind: 'lookup', table: this.lookupBody() };
          const inner = this.expression();
          if (this.isOp(',')) {
            const items = [inner];
            while (this.isOp(',')) {
              this.next();
              items.push(this.expression());
            }
            this.expectOp(')');
            return { kind: 'list', items };
          }
          this.expectOp(')');
          return inner;
        }
        if (token.value === '-' || token.value === '+') {
          const operand = this.expression(UNARY_PRECEDENCE);
          if (token.value === '-' && operand.kind === 'number') return { kind: 'number', value: -operand.value };
          return { kind: 'unary', op: token.value, operand };
        }
        throw new VensimSyntaxError(`unexpected ${describe(token)}`, token.pos);
      case 'name': {
        if (/^tabbed[ _]array$/i.test(token.value) && this.isOp('(')) return this.tabbedArray(token.value);
        const subscripts = this.isOp('[') ? this.subscripts() : [];
        if (this.isOp('(')) {
          this.next();
          const args: VensimExpr[] = [];
          if (!this.isOp(')')) {
            for (;;) {
              args.push(this.expression());
              if (!this.isOp(',')) break;
              this.next();
            }
          }
          this.expectOp(')');
          return { kind: 'call', name: token.value, subscripts, args };
        }
        return { kind: 'ref', name: token.value, subscripts };
      }
    }
  }

  /** TABBED ARRAY( 1 2 3 \n 4 5 6 ): numbers separated by white space, read as a list. */
  private tabbedArray(name: string): VensimExpr {
    this.expectOp('(');
    const items: VensimExpr[] = [];
    while (!this.isOp(')')) {
      if (this.atEnd()) throw new VensimSyntaxError('TABBED ARRAY( is never closed', this.peek().pos);
      items.push({ kind: 'number', value: this.signedNumber() });
    }
    this.next();
    return { kind: 'call', name, subscripts: [], args: [{ kind: 'list', items }] };
  }

  subscripts(): VensimSubscript[] {
    this.expectOp('[');
    const list: VensimSubscript[] = [];
    for (;;) {
      const token = this.next();
      if (token.type !== 'name' && token.type !== 'number') throw new VensimSyntaxError(`expected a subscript but found ${describe(token)}`, token.pos);
      const bang = this.isOp('!');
      if (bang) this.next();
      list.push({ name: token.type === 'number' ? token.text : token.value, bang });
      if (this.isOp(']')) break;
      this.expectOp(',');
    }
    this.expectOp(']');
    return list;
  }

  /** After "(": a lookup starts with a range "[" or a point "(x,". */
  private startsLookup(): boolean {
    if (this.isOp('[')) return true;
    if (!this.isOp('(')) return false;
    let offset = 1;
    if (this.isOp('-', offset) || this.isOp('+', offset)) offset++;
    return this.peek(offset).type === 'number' && this.isOp(',', offset + 1);
  }

  /** The points of a lookup, the opening parenthesis already read. */
  lookupBody(): VensimLookup {
    const xs: number[] = [];
    const ys: number[] = [];
    if (this.isOp('[')) {
      // The range [(xmin,ymin)-(xmax,ymax)] and any reference lines after it only draw the graph.
      this.next();
      let nesting = 1;
      while (nesting > 0) {
        const token = this.next();
        if (token.type === 'end') throw new VensimSyntaxError('the range of a lookup is never closed', token.pos);
        if (token.type === 'op' && token.value === '[') nesting++;
        if (token.type === 'op' && token.value === ']') nesting--;
      }
      if (this.isOp(',')) this.next();
    }
    // Either points (x,y),(x,y)... or, in old files, all x values then all y values.
    if (!this.isOp('(')) {
      const flat: number[] = [];
      while (!this.isOp(')')) {
        flat.push(this.signedNumber());
        if (this.isOp(',')) this.next();
      }
      this.next();
      if (flat.length % 2 !== 0) throw new VensimSyntaxError('a lookup lists an odd number of values', this.peek().pos);
      const half = flat.length / 2;
      return { xs: flat.slice(0, half), ys: flat.slice(half) };
    }
    while (this.isOp('(')) {
      this.next();
      xs.push(this.signedNumber());
      this.expectOp(',');
      ys.push(this.signedNumber());
      this.expectOp(')');
      if (this.isOp(',')) this.next();
    }
    this.expectOp(')');
    return { xs, ys };
  }

  signedNumber(): number {
    let sign = 1;
    while (this.isOp('-') || this.isOp('+')) {
      if (this.isOp('-')) sign = -sign;
      this.next();
    }
    const token = this.next();
    if (token.type !== 'number') throw new VensimSyntaxError(`expected a number but found ${describe(token)}`, token.pos);
    return sign * token.value;
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the definition';
    case 'number':
      return `the number ${token.text}`;
    case 'name':
      return `"${token.value}"`;
    case 'string':
      return `'${token.value}'`;
    case 'keyword':
      return `:${token.value}:`;
    case 'op':
      return `"${token.value}"`;
  }
}

/** Parses one Vensim expression (the right-hand side of an equation). */
export function parseVensimExpression(text: string): VensimExpr {
  const parser = new Parser(text);
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

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
