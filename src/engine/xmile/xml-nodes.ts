import { XMLParser } from 'fast-xml-parser';

/**
 * XMILE's XML as plain nodes: the parser's settings (values kept as text, XML's own entities and
 * character references decoded, repeated tags always arrays) and look-ups by local name, so that
 * `isee:`-prefixed and plain tags read alike.
 */

const REPEATED_TAGS = new Set([
  'dim', 'elem', 'element', 'stock', 'flow', 'aux', 'gf', 'module', 'group', 'model', 'macro', 'parm',
  'inflow', 'outflow', 'view', 'connect', 'connector', 'pt', 'variables', 'views', 'dimensions', 'eqn', 'alias',
]);

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Text and attribute values decoded as XML defines it (XML 1.0 §4.1, §4.6): the five predefined
 * entities and character references, decimal (&#10;) or hexadecimal (&#xA;), which Stella writes
 * for line breaks inside equations. Anything else is left as written; DOCTYPE declarations are
 * refused before parsing (see readXmile), so no other entity can exist and nothing expands.
 */
function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g, (whole, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
    if (named !== undefined) return XML_ENTITIES[named]!;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
    // Only characters XML allows (§2.2 Char); a reference to anything else is left as written.
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

export const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: {
    decode: decodeXmlText,
    setExternalEntities: () => {},
    addInputEntities: () => {},
    reset: () => {},
    setXmlVersion: () => {},
  },
  isArray: (name) => isRepeatedTag(name),
  removeNSPrefix: false,
});

export type XmlNode = Record<string, unknown>;

function isRepeatedTag(name: string): boolean {
  return REPEATED_TAGS.has(localName(name));
}

export function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}

/** Children are looked up by local name so `isee:`-prefixed and plain tags both work. */
export function child(node: XmlNode | undefined, name: string): unknown {
  if (!node) return undefined;
  if (name in node) return node[name];
  for (const key of Object.keys(node)) if (!key.startsWith('@_') && localName(key) === name) return node[key];
  return undefined;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = child(node, name);
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) }));
}

export function firstChild(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object') {
    const inner = (value as XmlNode)['#text'];
    return inner === undefined ? '' : String(inner);
  }
  return String(value);
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const direct = node[`@_${name}`];
  if (direct !== undefined) return String(direct);
  for (const key of Object.keys(node)) if (key.startsWith('@_') && localName(key.slice(2)) === name) return String(node[key]);
  return undefined;
}
