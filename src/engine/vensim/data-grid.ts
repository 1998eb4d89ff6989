import Papa from 'papaparse';

/**
 * The cells of one sheet of a data file that a Vensim model reads with GET DIRECT DATA,
 * GET DIRECT CONSTANTS and their kin: rows of cells, numbers where the cell holds one.
 */
export type Cell = number | string | undefined;
export type Grid = readonly (readonly Cell[])[];

/** What a model's data files are given as: the text of a CSV file, or the bytes of a workbook. */
export type DataFile = string | Uint8Array;

/** Reads a named sheet or range of a workbook; given by the caller so the engine stays free of any spreadsheet library. */
export interface WorkbookReader {
  /** The cells of `sheet` (rows from 0), or undefined when the workbook has no such sheet. */
  sheet(bytes: Uint8Array, sheet: string): Grid | undefined;
  /** A defined name of the workbook: its sheet and its cells (first row, first column, last row, last column, from 0). */
  definedName?(bytes: Uint8Array, name: string): { readonly sheet: string; readonly top: number; readonly left: number; readonly bottom: number; readonly right: number } | undefined;
}

/** Text files: comma, semicolon or tab separated, as the model's second argument says. */
export function csvGrid(text: string, delimiter: string): Grid {
  const separator = delimiter === '\\t' || delimiter.toLowerCase() === 'tab' ? '\t' : delimiter.length === 1 ? delimiter : ',';
  const parsed = Papa.parse<string[]>(text, { delimiter: separator, skipEmptyLines: false });
  return parsed.data.map((row) => row.map(cellValue));
}

function cellValue(text: string): Cell {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

/** 'B2' → row 1, column 1 (from 0); undefined when it is not a cell reference. */
export function parseCell(reference: string): { readonly row: number; readonly column: number } | undefined {
  const match = /^\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})\s*$/.exec(reference);
  if (!match) return undefined;
  return { row: Number(match[2]) - 1, column: columnIndex(match[1]!) };
}

/** 'A' → 0, 'AB' → 27. */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}
