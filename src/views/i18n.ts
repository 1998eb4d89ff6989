/**
 * User-facing words live in locale files (src/locales/<language>/*.json, one per part of the
 * screen), so a translation is a set of files, not a code change. Scenario texts come from the
 * scenario files themselves.
 *
 * Messages are ICU MessageFormat, formatted by intl-messageformat: plurals and selects are written
 * in the message (`{count, plural, one {# quarter} other {# quarters}}`), never assembled in code.
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';

const files = import.meta.glob<Record<string, string>>('../locales/en/*.json', { eager: true, import: 'default' });

export const LOCALE = 'en';

const messages = new Map<string, string>();
for (const [path, table] of Object.entries(files)) {
  const namespace = path.replace(/^.*\/([^/]+)\.json$/, '$1');
  for (const [key, text] of Object.entries(table)) messages.set(`${namespace}.${key}`, text);
}

const compiled = new Map<string, IntlMessageFormat>();

function formatterFor(key: string, template: string): IntlMessageFormat {
  let formatter = compiled.get(key);
  if (!formatter) {
    formatter = new IntlMessageFormat(template, LOCALE);
    compiled.set(key, formatter);
  }
  return formatter;
}

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * What a round is called in the case on screen ("quarter", "month"): every message may use
 * {unit}, {units}, {Unit} and {Units}, so no message names the round of one case. The views set
 * it when a case comes on screen; before that a round is a "round".
 */
let roundWords: Record<string, string> = wordsFor({ unit: 'round', unitPlural: 'rounds' });

/** The round words as message parameters, for a message about a case other than the one on screen. */
export function roundWordParams(rounds: { readonly unit: string; readonly unitPlural: string }): Record<string, string> {
  return wordsFor(rounds);
}

function wordsFor(rounds: { readonly unit: string; readonly unitPlural: string }): Record<string, string> {
  const title = (word: string) => word.charAt(0).toLocaleUpperCase(LOCALE) + word.slice(1);
  return { unit: rounds.unit, units: rounds.unitPlural, Unit: title(rounds.unit), Units: title(rounds.unitPlural) };
}

/** Call with the case's `rounds` (game.json) when its screens are shown. */
export function useRoundWords(rounds: { readonly unit: string; readonly unitPlural: string }): void {
  roundWords = wordsFor(rounds);
}

/** True when the catalogue has a message under this key. */
export function hasMessage(key: string): boolean {
  return messages.has(key);
}

/** The raw ICU text of a message (for code that must know how a message is written). */
export function messageTemplate(key: string): string {
  return messages.get(key) ?? key;
}

/** Every key of the catalogue (for tests that check the catalogue against the code). */
export function messageKeys(): string[] {
  return [...messages.keys()];
}

/**
 * `t('game.submit', { side: 'Dealers' })` → "Submit for Dealers". Unknown keys show as themselves,
 * so a missing message is visible on screen rather than blank; a message whose parameters are
 * missing throws, so tests catch it.
 */
export function t(key: string, params: MessageParams = {}): string {
  const template = messages.get(key);
  if (template === undefined) return key;
  const result = formatterFor(key, template).format<string>({ ...roundWords, ...params } as Record<string, PrimitiveType>);
  return Array.isArray(result) ? result.join('') : String(result);
}

/** Numbers as people read them: fixed decimals, thin grouping, a real minus sign. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  const clean = Object.is(value, -0) || Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value;
  return clean.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/^-/, '−');
}

/** A name's possessive, by the language's rule: "P&G's", "Dealers'". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/**
 * A label as it reads mid-sentence ("units shipped", not "Units shipped"). A word in capitals
 * (an abbreviation) keeps them.
 */
export function midSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLocaleLowerCase(LOCALE) + label.slice(1) : label;
}

/** A list in words: ["a", "b", "c"] → "a, b and c". */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(LOCALE, { type }).format(items);
}
