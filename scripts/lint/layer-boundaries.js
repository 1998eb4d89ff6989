/**
 * The ESLint rule that enforces scripts/lint/layers.json: which layer may import which, only
 * through the other layer's entries (its index.ts barrel), which npm packages each layer may use,
 * and no Node built-ins in the layers that run in the browser.
 *
 * A rule of our own rather than per-folder `no-restricted-imports` patterns, because that rule
 * sees only the import's text: it cannot tell where `../debrief/x.ts` lands (src/views/debrief or
 * src/state/debrief), and it does not look at `import()`, which the views use to load parts lazily.
 * This one resolves each relative import against the importing file and checks the file it names.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const POLICY_FILE = 'scripts/lint/layers.json';
export const policy = JSON.parse(readFileSync(path.join(ROOT, POLICY_FILE), 'utf8'));

const BUILTINS = new Set(builtinModules);

/** A glob over repository paths or package names: `*` is one path part, `**` any number. */
function globPattern(glob) {
  const body = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

const matchesAny = (globs, value) => (globs ?? []).some((glob) => globPattern(glob).test(value));

/** The layer a repository path belongs to (the longest matching path wins), or undefined. */
export function layerOf(repoPath) {
  let found;
  let length = -1;
  for (const layer of policy.layers) {
    for (const prefix of layer.paths) {
      const hit = prefix.endsWith('/') ? repoPath.startsWith(prefix) : repoPath === prefix;
      if (hit && prefix.length > length) [found, length] = [layer, prefix.length];
    }
  }
  return found;
}

const byName = new Map(policy.layers.map((layer) => [layer.name, layer]));
for (const layer of policy.layers) {
  for (const name of [...layer.imports, ...(layer.typeImports ?? [])]) {
    if (!byName.has(name)) throw new Error(`${POLICY_FILE}: layer "${layer.name}" imports "${name}", which is no layer`);
  }
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const list = (items) => (items.length === 0 ? 'none' : items.join(', '));

/** The problem with `specifier` imported by `fromPath` (repository-relative), or null. */
export function importProblem(fromPath, specifier, typeOnly) {
  const layer = layerOf(fromPath);
  if (layer === undefined) return null;
  const bare = specifier.split('?')[0];

  if (!bare.startsWith('.') && !bare.startsWith('/')) {
    if (bare.startsWith('node:') || BUILTINS.has(bare)) {
      return layer.node ? null : `"${specifier}" is a Node built-in; the ${layer.name} layer runs in the browser. ${layer.why}`;
    }
    if (matchesAny(layer.packages, packageName(bare))) return null;
    return `the ${layer.name} layer may not use the package "${packageName(bare)}" (its packages: ${list(layer.packages)}). ${layer.why}`;
  }

  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), bare));
  const targetLayer = layerOf(target);
  if (targetLayer === layer) return null;
  if (targetLayer === undefined) {
    if (matchesAny(layer.reads, target)) return null;
    return `${target} is in no layer; the ${layer.name} layer may import only from layers (${list(layer.imports)})${layer.reads ? ` and ${list(layer.reads)}` : ''}.`;
  }
  const typesAllowed = (layer.typeImports ?? []).includes(targetLayer.name);
  if (!layer.imports.includes(targetLayer.name) && !(typeOnly && typesAllowed)) {
    const types = typesAllowed ? ` (only \`import type\` from ${targetLayer.name})` : '';
    return `the ${layer.name} layer may not import the ${targetLayer.name} layer${types}; it imports ${list(layer.imports)}. ${layer.why}`;
  }
  if (!matchesAny(targetLayer.entries, target)) {
    return `${target} is inside the ${targetLayer.name} layer; import it through ${list(targetLayer.entries)} (export it there if it is missing).`;
  }
  return null;
}

/** A string literal (or a template without expressions) as the import's source, else null. */
function sourceText(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: `Imports follow the layer policy in ${POLICY_FILE}` },
    schema: [],
    messages: { boundary: '{{problem}}' },
  },
  create(context) {
    const fromPath = path.relative(ROOT, context.filename).split(path.sep).join('/');
    if (fromPath.startsWith('..') || layerOf(fromPath) === undefined) return {};
    const check = (sourceNode, typeOnly) => {
      const specifier = sourceText(sourceNode);
      if (specifier === null) return;
      const problem = importProblem(fromPath, specifier, typeOnly);
      if (problem !== null) context.report({ node: sourceNode, messageId: 'boundary', data: { problem } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source, false),
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument, true),
    };
  },
};

export default { meta: { name: 'layers' }, rules: { boundaries } };
