import { canonicalName } from '../equation/canonical-name.ts';

/**
 * A Vensim model's text with constants set to new values (parameter id → value): the number
 * after `Name =` is replaced, everything else (comments, units, sketch) kept as written. Arrayed
 * constants are written element by element only where the file gives each element its own line.
 * Throws when a constant cannot be found as `Name = number` or `Name[element] = number`.
 */
export function writeVensimConstants(source: string, values: Readonly<Record<string, number>>): string {
  let result = source;
  for (const [id, value] of Object.entries(values)) {
    const open = id.indexOf('[');
    const base = open < 0 ? id : id.slice(0, open);
    const subscripts = open < 0 ? [] : id.slice(open + 1, -1).split(',');
    const words = (name: string): string => name.split('_').map(escapeRegExp).join('[\\s_]+');
    const lhs = subscripts.length === 0 ? words(base) : `${words(base)}\\s*\\[\\s*${subscripts.map(words).join('\\s*,\\s*')}\\s*\\]`;
    const pattern = new RegExp(`(^|\\|)([ \\t]*"?${lhs}"?\\s*=\\s*)([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)(\\s*~)`, 'im');
    const match = pattern.exec(result);
    if (!match || canonicalName(match[2]!.replace(/=\s*$/, '').replace(/\[.*$/s, '').trim().replace(/^"|"$/g, '')) !== base) {
      throw new Error(`"${id}" is not written as "name = number" in the Vensim file, so its value cannot be written there`);
    }
    const at = match.index + match[1]!.length + match[2]!.length;
    result = result.slice(0, at) + formatNumber(value) + result.slice(at + match[3]!.length);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}
