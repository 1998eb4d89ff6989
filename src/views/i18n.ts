/**
 * User-facing words live in locale files (src/locales/<language>/*.json, one per part of the
 * screen), so a translation is a set of files, not a code change. Scenario texts come from the
 * scenario files themselves.
 */
const files = import.meta.glob<Record<string, string>>('../locales/en/*.json', { eager: true, import: 'default' });

const messages: Record<string, string> = {};
for (const [path, table] of Object.entries(files)) {
  const namespace = path.replace(/^.*\/([^/]+)\.json$/, '$1');
  for (const [key, text] of Object.entries(table)) messages[`${namespace}.${key}`] = text;
}

/** `t('game.submit', { side: 'Dealers' })` → "Submit for Dealers". Unknown keys show as themselves. */
export function t(key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const template = messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Numbers as people read them: fixed decimals, thin grouping, a real minus sign. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/^-/, '−');
}
