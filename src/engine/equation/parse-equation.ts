import type { BinaryOp, Expr, SubscriptIndex } from './ast.ts';

/** A syntax problem with the 0-based offset where it was found. */
export class EquationSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

type Token =
  | { type: 'number'; value: number; pos: number; text: string }
  | { type: 'ident'; value: string; pos: number; quoted: boolean }
  | { type: 'op'; value: string; pos: number }
  | { type: 'end'; pos: number };

/** Deeper nesting than this is hostile or broken input, never a real model. */
export const MAX_EXPRESSION_DEPTH = 200;
export const MAX_EQUATION_LENGTH = 100_000;

const KEYWORDS = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'mod']);

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$.'\u00b7]*/uy;
const NUMBER_AT_MOST = 64;
const IDENTIFIER_AT_MOST = 1000;

/** `pattern` (sticky) matched at `i`, as it would match `text.slice(i, i + limit)`. */
function matchAt(pattern: RegExp, text: string, i: number, limit: number): string | undefined {
  pattern.lastIndex = i;
  const match = pattern.exec(text);
  if (!match) return undefined;
  if (match[0].length <= limit) return match[0];
  // Longer than the window the tokenizer looks at: match within the window only.
  const window = text.slice(i, i + limit);
  pattern.lastIndex = 0;
  return pattern.exec(window)?.[0];
}

function isSpace(code: number, ch: string): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code >= 128 && /\s/.test(ch);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (isSpace(code, ch)) {
      i++;
      continue;
    }
    if (code === 123) {
      // XMILE allows {comments} inside equations.
      const close = text.indexOf('}', i);
      if (close < 0) throw new EquationSyntaxError('a comment opened with "{" is never closed', i);
      i = close + 1;
      continue;
    }
    if ((code >= 48 && code <= 57) || code === 46) {
      const number = matchAt(NUMBER, text, i, NUMBER_AT_MOST);
      if (number !== undefined) {
        tokens.push({ type: 'number', value: Number(number), pos: i, text: number });
        i += number.length;
        continue;
      }
    }
    if (code === 34) {
      // A quote inside a quoted name is written \" (XMILE 1.0 section 3.2.1).
      let close = text.indexOf('"', i + 1);
      while (close > 0 && text[close - 1] === '\\') close = text.indexOf('"', close + 1);
      if (close < 0) throw new EquationSyntaxError('a quoted name is never closed', i);
      tokens.push({ type: 'ident', value: text.slice(i + 1, close).replaceAll('\\"', '"'), pos: i, quoted: true });
      i = close + 1;
      continue;
    }
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code >= 128) {
      const name = matchAt(IDENTIFIER, text, i, IDENTIFIER_AT_MOST);
      if (name !== undefined) {
        tokens.push({ type: 'ident', value: name, pos: i, quoted: false });
        i += name.length;
        continue;
      }
    }
    const next = text.charCodeAt(i + 1);
    // <= >= <> == != && || ** //
    if (
      (next === 61 && (code === 60 || code === 62 || code === 61 || code === 33)) ||
      (code === 60 && next === 62) ||
      (code === 38 && next === 38) ||
      (code === 124 && next === 124) ||
      (code === 42 && next === 42) ||
      (code === 47 && next === 47)
    ) {
      tokens.push({ type: 'op', value: text.slice(i, i + 2), pos: i });
      i += 2;
      continue;
    }
    if ('+-*/^()[],<>=!&|:'.includes(ch)) {
      tokens.push({ type: 'op', value: ch, pos: i });
      i++;
      continue;
    }
    throw new EquationSyntaxError(`unexpected character "${ch}"`, i);
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

const BINARY_PRECEDENCE: Record<string, { op: BinaryOp; precedence: number }> = {
  or: { op: 'or', precedence: 1 },
  '||': { op: 'or', precedence: 1 },
  '|': { op: 'or', precedence: 1 },
  and: { op: 'and', precedence: 2 },
  '&&': { op: 'and', precedence: 2 },
  '&': { op: 'and', precedence: 2 },
  '=': { op: '=', precedence: 3 },
  '==': { op: '=', precedence: 3 },
  '<>': { op: '<>', precedence: 3 },
  '!=': { op: '<>', precedence: 3 },
  '<': { op: '<', precedence: 4 },
  '<=': { op: '<=', precedence: 4 },
  '>': { op: '>', precedence: 4 },
  '>=': { op: '>=', precedence: 4 },
  '+': { op: '+', precedence: 5 },
  '-': { op: '-', precedence: 5 },
  '*': { op: '*', precedence: 6 },
  '/': { op: '/', precedence: 6 },
  // Stella's safe division: a // b is a / b, or 0 where b is 0 (read as SAFEDIV(a, b)).
  '//': { op: '/', precedence: 6 },
  mod: { op: 'mod', precedence: 6 },
  '^': { op: '^', precedence: 8 },
  '**': { op: '^', precedence: 8 },
};
const UNARY_PRECEDENCE = 7;

/**
 * Parses one equation into a syntax tree. Operator precedence follows XMILE 1.0 section 3.3.1:
 * exponent binds tightest (right-associative), then unary minus and NOT, then * / MOD, + -,
 * comparisons, AND, OR, and IF THEN ELSE lowest.
 */
export function parseEquation(text: string): Expr {
  if (text.length > MAX_EQUATION_LENGTH) {
    throw new EquationSyntaxError(`the equation is ${text.length} characters long; the limit is ${MAX_EQUATION_LENGTH}`, 0);
  }
  const tokens = tokenize(text);
  let index = 0;
  let depth = 0;

  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isOp = (token: Token, value: string): boolean => token.type === 'op' && token.value === value;
  const isKeyword = (token: Token, word: string): boolean =>
    token.type === 'ident' && !token.quoted && token.value.toLowerCase() === word;
  const expectOp = (value: string): Token => {
    const token = next();
    if (!isOp(token, value)) throw new EquationSyntaxError(`expected "${value}" but found ${describe(token)}`, token.pos);
    return token;
  };

  const enter = (pos: number): void => {
    if (++depth > MAX_EXPRESSION_DEPTH) {
      throw new EquationSyntaxError(`the equation is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, pos);
    }
  };

  function parseExpression(minPrecedence = 0): Expr {
    const start = peek();
    enter(start.pos);
    let left = parsePrefix();
    for (;;) {
      const token = peek();
      const key = token.type === 'op' ? token.value : token.type === 'ident' && !token.quoted ? token.value.toLowerCase() : '';
      const info = BINARY_PRECEDENCE[key];
      if (!info || info.precedence < minPrecedence) break;
      next();
      // '^' is right-associative: parse its right side at the same level.
      const right = parseExpression(info.op === '^' ? info.precedence : info.precedence + 1);
      left = key === '//' ? { kind: 'call', name: 'SAFEDIV', args: [left, right], pos: token.pos } : { kind: 'binary', op: info.op, left, right, pos: token.pos };
    }
    depth--;
    return left;
  }

  const isPlainWord = (token: Token): boolean => token.type === 'ident' && !token.quoted && !KEYWORDS.has(token.value.toLowerCase());

  function parsePrefix(): Expr {
    let token = next();
    if (token.type === 'number') return { kind: 'number', value: token.value, pos: token.pos };
    if (token.type === 'op') {
      if (token.value === '(') {
        const inner = parseExpression();
        expectOp(')');
        return inner;
      }
      if (token.value === '-' || token.value === '+') {
        const operand = parseExpression(UNARY_PRECEDENCE);
        return { kind: 'unary', op: token.value, operand, pos: token.pos };
      }
      if (token.value === '!') {
        const operand = parseExpression(UNARY_PRECEDENCE);
        return { kind: 'unary', op: 'not', operand, pos: token.pos };
      }
      throw new EquationSyntaxError(`unexpected ${describe(token)}`, token.pos);
    }
    if (token.type === 'end') throw new EquationSyntaxError('the equation ends too early', token.pos);

    let word = token.quoted ? '' : token.value.toLowerCase();
    // Names of several words (EXPRESSION MACRO, VECTOR ELM MAP): unquoted words in a row, none a
    // keyword, are one name, as XMILE allows spaces in names; two names side by side mean nothing else.
    if (!token.quoted && !KEYWORDS.has(word)) {
      while (isPlainWord(peek())) token = { ...token, value: `${token.value} ${(next() as Extract<Token, { type: 'ident' }>).value}` };
      word = token.value.toLowerCase();
    }
    if (word === 'if') {
      const condition = parseExpression();
      const thenToken = next();
      if (!isKeyword(thenToken, 'then')) throw new EquationSyntaxError(`expected THEN but found ${describe(thenToken)}`, thenToken.pos);
      const then = parseExpression();
      const elseToken = next();
      if (!isKeyword(elseToken, 'else')) throw new EquationSyntaxError(`expected ELSE but found ${describe(elseToken)}`, elseToken.pos);
      const otherwise = parseExpression();
      return { kind: 'if', condition, then, otherwise, pos: token.pos };
    }
    if (word === 'not') {
      const operand = parseExpression(UNARY_PRECEDENCE);
      return { kind: 'unary', op: 'not', operand, pos: token.pos };
    }
    // MOD is also a function, MOD(a, b): where an operand is expected it cannot be the operator.
    const modCall = word === 'mod' && isOp(peek(), '(');
    if (KEYWORDS.has(word) && !modCall) throw new EquationSyntaxError(`unexpected keyword ${token.value.toUpperCase()}`, token.pos);

    if (isOp(peek(), '(')) {
      next();
      const args: Expr[] = [];
      if (!isOp(peek(), ')')) {
        for (;;) {
          args.push(parseExpression());
          if (isOp(peek(), ',')) {
            next();
            continue;
          }
          break;
        }
      }
      expectOp(')');
      return { kind: 'call', name: token.value, args, pos: token.pos };
    }
    if (isOp(peek(), '[')) {
      next();
      const indices: SubscriptIndex[] = [];
      for (;;) {
        indices.push(parseSubscriptIndex());
        if (isOp(peek(), ',')) {
          next();
          continue;
        }
        break;
      }
      expectOp(']');
      return { kind: 'subscript', name: token.value, indices, pos: token.pos };
    }
    return { kind: 'name', name: token.value, pos: token.pos };
  }

  function parseSubscriptIndex(): SubscriptIndex {
    const token = peek();
    if (isOp(token, '*')) {
      next();
      if (isOp(peek(), ':')) {
        next();
        const dim = next();
        if (dim.type !== 'ident') throw new EquationSyntaxError(`expected a dimension name after "*:"`, dim.pos);
        return { kind: 'dimension-wildcard', name: dim.value, pos: token.pos };
      }
      return { kind: 'wildcard', pos: token.pos };
    }
    if (token.type === 'ident' && isOp(tokens[index + 1]!, '!')) {
      next();
      next();
      return { kind: 'dimension-wildcard', name: token.value, pos: token.pos };
    }
    const from = parseExpression();
    if (isOp(peek(), ':')) {
      next();
      return { kind: 'range', from, to: parseExpression(), pos: token.pos };
    }
    return { kind: 'expr', expr: from };
  }

  const expr = parseExpression();
  const trailing = peek();
  if (trailing.type !== 'end') throw new EquationSyntaxError(`unexpected ${describe(trailing)} after the end of the expression`, trailing.pos);
  return expr;
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the equation';
    case 'number':
      return `the number ${token.text}`;
    case 'ident':
      return `"${token.value}"`;
    case 'op':
      return `"${token.value}"`;
  }
}
