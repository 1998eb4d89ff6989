import { canonicalName } from '../equation/canonical-name.ts';

/** Resolves an id or a label ("Room Temperature", "room_temperature") to its position. */
export class NameIndex {
  private readonly positions = new Map<string, number>();

  constructor(entries: readonly { readonly id: string; readonly label: string }[]) {
    entries.forEach((entry, i) => {
      this.positions.set(entry.id, i);
      this.positions.set(canonicalKey(entry.label), i);
    });
  }

  find(name: string): number | undefined {
    return this.positions.get(name) ?? this.positions.get(canonicalKey(name));
  }
}

/** Canonical form of an id that may carry a subscript: `Stock A[Entry 1]` → `stock_a[entry_1]`. */
export function canonicalKey(name: string): string {
  const open = name.indexOf('[');
  if (open < 0 || !name.endsWith(']')) return canonicalName(name);
  const elements = name
    .slice(open + 1, -1)
    .split(',')
    .map((element) => canonicalName(element));
  return `${canonicalName(name.slice(0, open))}[${elements.join(',')}]`;
}

/** A user-facing problem with run options (an unknown parameter, a value that is not a number). */
export class RunOptionError extends Error {}
