import type { VensimBinaryOp, VensimExpr, VensimLookup, VensimSubscript } from './vensim-ast.ts';
import { describe, tokenize, VensimSyntaxError, type Token } from './tokenize-vensim.ts';

export { VensimSyntaxError } from './tokenize-vensim.ts';

const MAX_DEPTH = 200;

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

/** A recursive-descent parser over one definition's tokens (entries in parse-vensim-entry.ts read its parts). */
export class Parser {
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

/** Parses one Vensim expression (the right-hand side of an equation). */
export function parseVensimExpression(text: string): VensimExpr {
  const parser = new Parser(text);
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}
