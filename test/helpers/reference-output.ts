import { readFileSync } from 'node:fs';

/** A canonical output table of the SDXorg suite: `output.csv` (comma) or `output.tab` (tab). */
export interface ReferenceTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

export function readReferenceTable(path: string): ReferenceTable {
  // Some files use old Mac line endings (\r only).
  const lines = decodeTable(readFileSync(path)).split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const separator = path.endsWith('.tab') ? '\t' : ',';
  const split = (line: string): string[] => splitLine(line, separator);
  const header = split(lines[0]!);
  // A blank cell means the tool did not save that value at that time: NaN, not zero.
  const rows = lines.slice(1).map((line) => split(line).map((cell) => (cell.trim() === '' ? Number.NaN : Number(cell.trim()))));
  return { columns: header.map((name) => name.trim()), rows };
}

/**
 * UTF-8, else Windows-1252: Vensim on Windows writes its tables in the system's code page, so a
 * name such as "variable with é à è" arrives as single bytes that are not UTF-8
 * (sdxorg-mdl/unicode_characters/output.tab).
 */
function decodeTable(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** One line's cells; a quoted cell may hold the separator, and `""` inside it is one quote. */
function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"' && quoted && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells;
}
