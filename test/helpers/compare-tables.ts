import { canonicalName } from '../../src/engine/index.ts';
import type { ReferenceTable } from './reference-output.ts';

export function canonicalKeyOf(label: string): string {
  const open = label.indexOf('[');
  if (open < 0) return canonicalName(label);
  return `${canonicalName(label.slice(0, open))}[${label.slice(open + 1, -1).split(',').map(canonicalName).join(',')}]`;
}

export function parseCsvTable(csv: string): ReferenceTable {
  const lines = csv.trim().split('\n');
  const columns = lines[0]!.match(/("([^"]|"")*"|[^,]+)/g)!.map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"'));
  return { columns, rows: lines.slice(1).map((line) => line.split(',').map(Number)) };
}

/**
 * Compares every column the two tables share (by canonical name) at every time they share.
 * Relative tolerance, with a floor of 1e-3 of the column's largest magnitude so values that
 * cross zero are compared on the scale of the series (a reference tool's rounding near zero is
 * not a difference).
 */
/** Below this, two values are the same number written by different floating-point code. */
const ABSOLUTE_FLOOR = 1e-12;

export function compareTables(
  ours: ReferenceTable,
  reference: ReferenceTable,
  relativeTolerance: number,
): { compared: number; firstDifference?: string } {
  const ourColumns = new Map(ours.columns.map((name, i) => [canonicalKeyOf(name), i]));
  const ourRowByTime = new Map(ours.rows.map((row) => [row[0]!.toPrecision(10), row]));
  let compared = 0;
  for (let c = 1; c < reference.columns.length; c++) {
    const ourIndex = ourColumns.get(canonicalKeyOf(reference.columns[c]!));
    if (ourIndex === undefined) continue;
    compared++;
    let scale = 0;
    for (const row of reference.rows) if (Number.isFinite(row[c]!)) scale = Math.max(scale, Math.abs(row[c]!));
    for (const row of reference.rows) {
      const expected = row[c]!;
      if (Number.isNaN(expected)) continue;
      const ourRow = ourRowByTime.get(row[0]!.toPrecision(10));
      if (!ourRow) continue;
      const actual = ourRow[ourIndex]!;
      const tolerance = Math.max(relativeTolerance * Math.max(Math.abs(expected), scale * 1e-3), ABSOLUTE_FLOOR);
      if (!(Math.abs(actual - expected) <= tolerance)) {
        return { compared, firstDifference: `variable "${reference.columns[c]}" first differs at time ${row[0]}: expected ${expected}, got ${actual}` };
      }
    }
  }
  return { compared };
}
