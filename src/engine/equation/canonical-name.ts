/**
 * XMILE identifiers are case-insensitive and treat spaces and underscores alike (XMILE 1.0,
 * section 3.2.2). Quotes allow any character. Every lookup goes through this one function.
 */
/** Letters and digits in words joined by single underscores: nothing to trim, join or unquote. */
const PLAIN_NAME = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

export function canonicalName(raw: string): string {
  // Most names are words joined by single underscores: only the case can change.
  if (PLAIN_NAME.test(raw)) return raw.toLowerCase();
  let name = raw.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  return name
    .replace(/\\n/g, ' ')
    .replace(/[\s_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** How a name is shown to people and in CSV headers: underscores as spaces. */
export function displayName(raw: string): string {
  if (PLAIN_NAME.test(raw)) return raw.includes('_') ? raw.replaceAll('_', ' ') : raw;
  return raw
    .replace(/\\n/g, ' ')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
