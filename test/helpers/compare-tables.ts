import { canonicalName } from '../../src/engine/index.ts';
import type { ReferenceTable } from './reference-output.ts';

/**
 * A column's name as the engine knows it. Vensim writes a quoted name in its source form, escapes
 * and all (`"variable with \"Quotes\" in it"`); its reader takes a backslash as escaping the next
 * character, and so does this.
 */
export function canonicalKeyOf(written: string): string {
  const trimmed = written.trim();
  const label = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? `"${trimmed.slice(1, -1).replace(/\\(.)/g, '$1')}"` : trimmed;
  const open = label.indexOf('[');
  if (open < 0) return canonicalName(label);
  return `${canonicalName(label.slice(0, open))}[${label.slice(open + 1, -1).split(',').map(canonicalName).join(',')}]`;
}

export function parseCsvTable(csv: string): ReferenceTable {
  const lines = csv.trim().split('\n');
  const columns = lines[0]!.match(/("([^"]|"")*"|[^,]+)/g)!.map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"'));
  return { columns, rows: lines.slice(1).map((line) => line.split(',').map(Number)) };
}

/** Below this, two values are the same number written by different floating-point code. */
const ABSOLUTE_FLOOR = 1e-12;

export interface TableComparison {
  /** Reference columns found in our output and compared. */
  readonly compared: number;
  /** Reference columns (as the reference names them) that our output lacks. */
  readonly missingColumns: readonly string[];
  /** Reference times at which our output has no row. */
  readonly missingTimes: readonly number[];
  readonly firstDifference?: string;
}

/**
 * Compares every reference column with ours (by canonical name) at every reference time, and
 * reports the columns and times our output lacks: a table that is not compared in full is not a
 * pass (see checkComparison). Relative tolerance, with a floor of 1e-3 of the column's largest
 * magnitude so values that cross zero are compared on the scale of the series (a reference
 * tool's rounding near zero is not a difference).
 */
export function compareTables(ours: ReferenceTable, reference: ReferenceTable, relativeTolerance: number): TableComparison {
  const ourColumns = new Map(ours.columns.map((name, i) => [canonicalKeyOf(name), i]));
  const rowAt = rowFinder(ours);
  const ourRowByReferenceRow = new Map(reference.rows.map((row) => [row, rowAt(row[0]!)]));
  const missingColumns: string[] = [];
  const missingTimes = reference.rows.filter((row) => ourRowByReferenceRow.get(row) === undefined).map((row) => row[0]!);
  let compared = 0;
  let firstDifference: string | undefined;
  for (let c = 1; c < reference.columns.length; c++) {
    const ourIndex = ourColumns.get(canonicalKeyOf(reference.columns[c]!));
    if (ourIndex === undefined) {
      missingColumns.push(reference.columns[c]!);
      continue;
    }
    compared++;
    if (firstDifference !== undefined) continue;
    let scale = 0;
    for (const row of reference.rows) if (Number.isFinite(row[c]!)) scale = Math.max(scale, Math.abs(row[c]!));
    for (const row of reference.rows) {
      const expected = row[c]!;
      if (Number.isNaN(expected)) continue;
      const ourRow = ourRowByReferenceRow.get(row);
      if (!ourRow) continue;
      const actual = ourRow[ourIndex]!;
      const tolerance = Math.max(relativeTolerance * Math.max(Math.abs(expected), scale * 1e-3), ABSOLUTE_FLOOR);
      if (!(Math.abs(actual - expected) <= tolerance)) {
        firstDifference = `variable "${reference.columns[c]}" first differs at time ${row[0]}: expected ${expected}, got ${actual}`;
        break;
      }
    }
  }
  return { compared, missingColumns, missingTimes, ...(firstDifference === undefined ? {} : { firstDifference }) };
}

/**
 * Our row at a reference time. Tables print times with few digits (Vensim's: six significant, so
 * 10.03125 is written 10.0312): a time matches our nearest one within 1e-5 of its size, far
 * below any save step.
 */
function rowFinder(ours: ReferenceTable): (time: number) => readonly number[] | undefined {
  const rows = [...ours.rows].sort((a, b) => a[0]! - b[0]!);
  return (time) => {
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (rows[middle]![0]! < time) low = middle + 1;
      else high = middle;
    }
    const nearest = [rows[low - 1], rows[low]].filter((row) => row !== undefined).sort((a, b) => Math.abs(a[0]! - time) - Math.abs(b[0]! - time))[0];
    return nearest && Math.abs(nearest[0]! - time) <= 1e-5 * Math.max(1, Math.abs(time)) ? nearest : undefined;
  };
}

/**
 * Why a comparison is not a pass: a difference, a reference column our output lacks (unless
 * `allowedMissing` names it: a known quirk of that table, see the conformance tests), or a
 * reference time our output has no row for. Empty when the table was compared in full and agrees.
 */
export function comparisonProblems(result: TableComparison, allowedMissing: readonly string[] = []): string[] {
  const problems: string[] = [];
  const missing = result.missingColumns.filter((column) => !allowedMissing.includes(column));
  if (missing.length > 0) problems.push(`${missing.length} reference column(s) not in our output: ${missing.slice(0, 5).map((name) => `"${name}"`).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  if (result.missingTimes.length > 0) problems.push(`${result.missingTimes.length} reference time(s) not in our output, from ${result.missingTimes[0]} to ${result.missingTimes.at(-1)}`);
  if (result.firstDifference !== undefined) problems.push(result.firstDifference);
  return problems;
}
