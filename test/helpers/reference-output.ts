import { readFileSync } from 'node:fs';

/** A canonical output table of the SDXorg suite: `output.csv` (comma) or `output.tab` (tab). */
export interface ReferenceTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

export function readReferenceTable(path: string): ReferenceTable {
  // Some files use old Mac line endings (\r only).
  const lines = readFileSync(path, 'utf8').split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const separator = path.endsWith('.tab') ? '\t' : ',';
  const split = (line: string): string[] => splitLine(line, separator);
  const header = split(lines[0]!);
  // A blank cell means the tool did not save that value at that time: NaN, not zero.
  const rows = lines.slice(1).map((line) => split(line).map((cell) => (cell.trim() === '' ? Number.NaN : Number(cell.trim()))));
  return { columns: header.map((name) => name.trim()), rows };
}

function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells;
}
