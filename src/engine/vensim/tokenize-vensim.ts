/**
 * Vensim's equation text as tokens: names with spaces (words run on until an operator), numbers,
 * quoted names and texts, :KEYWORDS:, operators; comments in braces and line continuations
 * skipped.
 */

/** A syntax problem in one Vensim definition, with the 0-based offset where it was found. */
export class VensimSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

export type Token =
  | { readonly type: 'number'; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly type: 'name'; readonly value: string; readonly pos: number }
  | { readonly type: 'string'; readonly value: string; readonly pos: number }
  /** `:AND:`, `:EXCEPT:`, `:INTERPOLATE:`... in upper case, without the colons. */
  | { readonly type: 'keyword'; readonly value: string; readonly pos: number }
  | { readonly type: 'op'; readonly value: string; readonly pos: number }
  | { readonly type: 'end'; readonly pos: number };

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

/** A backslash, blanks, then a line break (Unix, Windows or old Mac) or the end of the text. */
const CONTINUATION = /\\[ \t]*(?:\r\n|\n|\r|$)/y;

/** One pass over the characters, a branch per kind of token (kept as one loop: each branch is a few lines and they share the position). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    // A backslash at the end of a line continues the definition on the next (also before the
    // end of the text, where the definition's "~" follows on the next line).
    if (ch === '\\') {
      CONTINUATION.lastIndex = i;
      if (CONTINUATION.test(text)) {
        i = CONTINUATION.lastIndex;
        continue;
      }
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

/** A token as a message names it. */
export function describe(token: Token): string {
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
