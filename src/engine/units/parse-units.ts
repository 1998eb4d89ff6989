/**
 * Unit strings as modellers write them ("$M/quarter", "k units/qtr", "1/yr", "Person*Person/Month",
 * "per month", "dimensionless") read into dimension maps: base unit → exponent. XMILE 1.0
 * section 3.7.1 gives the syntax (names joined by *, / and ^, with parentheses and 1); the rest
 * is kept simple on purpose, because the check that uses it must never cry wolf:
 * - names are case-insensitive and a plural 's' is dropped (Units = unit), with a few common
 *   abbreviations (yr, qtr, mo, $);
 * - scale words (thousand, million, k, $M, percent) carry no dimension, so "Million Dollars" and
 *   "Dollars" compare equal: a missed warning rather than a false one;
 * - a word nobody defined is simply a base unit of its own.
 */
export type UnitMap = ReadonlyMap<string, number>;

export const DIMENSIONLESS: UnitMap = new Map();

/** Abbreviations and spellings that mean the same unit (after lower-casing and dropping a plural). */
const SYNONYMS: Record<string, string> = {
  yr: 'year', annum: 'year', qtr: 'quarter', mo: 'month', mon: 'month', wk: 'week', hr: 'hour',
  min: 'minute', sec: 'second', people: 'person', persons: 'person', $: 'dollar', usd: 'dollar',
};

/** Words that only scale a quantity (thousand units is still units). */
const SCALE_WORDS = new Set(['hundred', 'thousand', 'million', 'billion', 'trillion', 'k', 'mn', 'bn', 'mm', 'percent', '%']);

/** Whole unit strings meaning "no unit". */
const DIMENSIONLESS_NAMES = new Set(['dimensionless', 'dmnl', 'unitless', 'fraction', 'ratio', 'percent', '%', 'nondimensional']);

/** Dollar amounts written with a scale: $M, $K, $B, $MM, M$. */
const SCALED_DOLLARS = /^(?:\$(?:k|m|mm|b|bn)|(?:k|m|mm|b|bn)\$)$/;

type Token = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'number'; readonly value: number } | { readonly kind: 'op'; readonly text: string };

/** The dimensions of `text`, or undefined when it cannot be read (then it is not checked at all). */
export function parseUnits(text: string): UnitMap | undefined {
  // Vensim-style ranges ("Dmnl [0,1]") are not part of the unit.
  const cleaned = text.replace(/\[[^\]]*\]\s*$/, '').trim();
  if (cleaned === '' || cleaned.length > 200) return undefined;
  const tokens = tokenize(cleaned);
  if (!tokens) return undefined;
  const reader = new UnitReader(tokens);
  const units = reader.product();
  return units && reader.atEnd() ? units : undefined;
}

/** Units as people read them: `dollar*person/month^2`, `1/year`, `dimensionless`. */
export function formatUnits(units: UnitMap): string {
  const part = (name: string, exponent: number): string => (exponent === 1 ? name : `${name}^${exponent}`);
  const names = [...units.keys()].sort();
  const above = names.filter((name) => units.get(name)! > 0).map((name) => part(name, units.get(name)!));
  const below = names.filter((name) => units.get(name)! < 0).map((name) => part(name, -units.get(name)!));
  if (above.length === 0 && below.length === 0) return 'dimensionless';
  return `${above.length > 0 ? above.join('*') : '1'}${below.map((name) => `/${name}`).join('')}`;
}

export function sameUnits(a: UnitMap, b: UnitMap): boolean {
  if (a.size !== b.size) return false;
  for (const [name, exponent] of a) if (b.get(name) !== exponent) return false;
  return true;
}

export function multiplyUnits(a: UnitMap, b: UnitMap, power = 1): UnitMap {
  const result = new Map(a);
  for (const [name, exponent] of b) {
    const total = (result.get(name) ?? 0) + power * exponent;
    if (Math.abs(total) < 1e-9) result.delete(name);
    else result.set(name, total);
  }
  return result;
}

export function powerUnits(a: UnitMap, power: number): UnitMap {
  return multiplyUnits(DIMENSIONLESS, a, power);
}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?)|([*/^()-])|([\p{L}$%][\p{L}\p{N}$%_.'’]*))/giuy;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return text.slice(index).trim() === '' ? tokens : undefined;
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'op', text: match[2] });
    else tokens.push({ kind: 'word', text: match[3]!.toLowerCase() });
  }
  return tokens;
}

/** Recursive descent over: product := factor (('*' | '/' | 'per') factor)*; factor := base ('^' number)?. */
class UnitReader {
  private position = 0;
  private depth = 0;
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  atEnd(): boolean {
    return this.position === this.tokens.length;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'op' && token.text === text;
  }

  private isPer(): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text === 'per';
  }

  product(): UnitMap | undefined {
    if (++this.depth > 20) return undefined;
    // "per month" on its own means 1/month.
    let units: UnitMap | undefined = this.isPer() ? DIMENSIONLESS : this.factor();
    while (units && (this.isOp('*') || this.isOp('/') || this.isPer())) {
      const dividing = !this.isOp('*');
      this.position++;
      const next = this.factor();
      units = next && multiplyUnits(units, next, dividing ? -1 : 1);
    }
    this.depth--;
    return units;
  }

  private factor(): UnitMap | undefined {
    const base = this.base();
    if (!base || !this.isOp('^')) return base;
    this.position++;
    let sign = 1;
    if (this.isOp('-')) {
      sign = -1;
      this.position++;
    }
    const exponent = this.peek();
    if (exponent?.kind !== 'number') return undefined;
    this.position++;
    return powerUnits(base, sign * exponent.value);
  }

  private base(): UnitMap | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.kind === 'number') {
      this.position++;
      // "1/year"; any other number is a scale ("1000 units").
      return DIMENSIONLESS;
    }
    if (token.kind === 'op') {
      if (token.text !== '(') return undefined;
      this.position++;
      const inner = this.product();
      if (!inner || !this.isOp(')')) return undefined;
      this.position++;
      return inner;
    }
    // A name runs over several words: "Million Dollars", "Degrees Fahrenheit".
    const words: string[] = [];
    while (this.peek()?.kind === 'word' && !this.isPer()) words.push((this.tokens[this.position++] as { text: string }).text);
    return nameUnits(words);
  }
}

function nameUnits(words: readonly string[]): UnitMap {
  if (words.length === 1 && DIMENSIONLESS_NAMES.has(words[0]!)) return DIMENSIONLESS;
  const meaningful = words.map(singular).filter((word) => !SCALE_WORDS.has(word) && !DIMENSIONLESS_NAMES.has(word));
  if (meaningful.length === 0) return DIMENSIONLESS;
  return new Map([[meaningful.join(' '), 1]]);
}

function singular(word: string): string {
  if (SCALED_DOLLARS.test(word)) return 'dollar';
  const synonym = SYNONYMS[word];
  if (synonym) return synonym;
  let stem = word;
  if (word.length > 3 && word.endsWith('ies')) stem = `${word.slice(0, -3)}y`;
  else if (word.length > 4 && /(?:ss|ch|sh|x)es$/.test(word)) stem = word.slice(0, -2);
  else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) stem = word.slice(0, -1);
  return SYNONYMS[stem] ?? stem;
}
