/**
 * Writes equations in the XMILE syntax the engine's equation parser reads, so a Vensim model goes
 * through the same compiler (and shows in the explorer, and exports) as an XMILE one.
 */
export type XmileText = { readonly text: string; readonly precedence: number };

/** Precedences of the engine's parser (parse-equation.ts): higher binds tighter. */
export const PRECEDENCE = { or: 1, and: 2, equality: 3, relation: 4, add: 5, multiply: 6, unary: 7, power: 8, atom: 10 } as const;

const KEYWORDS = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'mod']);
const WORDS = /^[\p{L}_][\p{L}\p{N}_]*(?: [\p{L}\p{N}_]+)*$/u;

export class UnprintableName extends Error {}

/** A variable, dimension or element name: words joined by underscores, else in double quotes. */
export function printName(name: string): string {
  if (WORDS.test(name) && !KEYWORDS.has(name.toLowerCase())) return name.replaceAll(' ', '_');
  if (name.includes('\\"')) throw new UnprintableName(`the name ${name} holds a backslash before a double quote, which equations here cannot refer to`);
  return `"${name.replaceAll('"', '\\"')}"`;
}

export function atom(text: string): XmileText {
  return { text, precedence: PRECEDENCE.atom };
}

export function printNumber(value: number): XmileText {
  if (Number.isNaN(value)) return atom('(0/0)');
  if (!Number.isFinite(value)) return atom(value > 0 ? '(1e308*10)' : '(-1e308*10)');
  const text = String(value);
  return value < 0 || Object.is(value, -0) ? { text: `(${text})`, precedence: PRECEDENCE.atom } : atom(text);
}

const BINARY_PRECEDENCE: Record<string, number> = {
  OR: PRECEDENCE.or,
  AND: PRECEDENCE.and,
  '=': PRECEDENCE.equality,
  '<>': PRECEDENCE.equality,
  '<': PRECEDENCE.relation,
  '<=': PRECEDENCE.relation,
  '>': PRECEDENCE.relation,
  '>=': PRECEDENCE.relation,
  '+': PRECEDENCE.add,
  '-': PRECEDENCE.add,
  '*': PRECEDENCE.multiply,
  '/': PRECEDENCE.multiply,
  '^': PRECEDENCE.power,
};

function wrap(part: XmileText, needed: boolean): string {
  return needed ? `(${part.text})` : part.text;
}

/** `left op right`, parenthesised as the engine's precedences need (every chain read from the left). */
export function binary(op: string, left: XmileText, right: XmileText): XmileText {
  const precedence = BINARY_PRECEDENCE[op]!;
  // Comparisons and powers are parenthesised on both sides: the engine ranks = below <, and
  // nothing is left to how either parser groups a chain of them.
  const tight = precedence <= PRECEDENCE.relation || op === '^';
  const leftNeeds = left.precedence < precedence || (tight && left.precedence === precedence) || (op === '^' && left.precedence < PRECEDENCE.atom);
  const rightNeeds = right.precedence <= precedence || (op === '^' && right.precedence < PRECEDENCE.atom);
  return { text: `${wrap(left, leftNeeds)} ${op} ${wrap(right, rightNeeds)}`, precedence };
}

export function negate(operand: XmileText): XmileText {
  return { text: `-${wrap(operand, operand.precedence < PRECEDENCE.atom)}`, precedence: PRECEDENCE.unary };
}

export function not(operand: XmileText): XmileText {
  return { text: `NOT ${wrap(operand, operand.precedence < PRECEDENCE.atom)}`, precedence: PRECEDENCE.unary };
}

export function call(name: string, args: readonly XmileText[]): XmileText {
  return atom(`${name}(${args.map((arg) => arg.text).join(', ')})`);
}

export function ifThenElse(condition: XmileText, then: XmileText, otherwise: XmileText): XmileText {
  // IF ... THEN ... ELSE binds loosest: parenthesised wherever it stands.
  return atom(`(IF ${condition.text} THEN ${then.text} ELSE ${otherwise.text})`);
}
