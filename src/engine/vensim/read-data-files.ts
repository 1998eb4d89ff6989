import { columnIndex, csvGrid, parseCell, type Cell, type DataFile, type Grid, type WorkbookReader } from './data-grid.ts';
import type { VensimLookup } from './vensim-ast.ts';
import { VensimUnsupported } from './translate-types.ts';

/** How the reader reaches the files a model names (GET DIRECT DATA...): given by the caller. */
export interface DataFileAccess {
  readFile?: (name: string) => DataFile | undefined;
  workbooks?: WorkbookReader;
}

const MAX_SERIES = 1_000_000;

/**
 * The data files of a Vensim model, each read once: CSV text (any delimiter) or a workbook
 * through the reader the caller gives.
 */
export class DataFiles {
  private readonly access: DataFileAccess;
  private readonly grids = new Map<string, Grid>();

  constructor(access: DataFileAccess) {
    this.access = access;
  }

  grid(file: string, sheetOrDelimiter: string): Grid {
    const key = `${file}\u0000${sheetOrDelimiter}`;
    const known = this.grids.get(key);
    if (known) return known;
    if (file.startsWith('?')) throw new VensimUnsupported(`the data file "${file}" is named indirectly (through a "?" tag), which needs Vensim's settings to resolve`);
    const content = this.access.readFile?.(file);
    if (content === undefined) throw new VensimUnsupported(`the data file "${file}" could not be found beside the model`);
    let grid: Grid | undefined;
    if (typeof content === 'string') grid = csvGrid(content, sheetOrDelimiter);
    else {
      if (!this.access.workbooks) throw new VensimUnsupported(`the data file "${file}" is a spreadsheet, which cannot be read here`);
      grid = this.access.workbooks.sheet(content, sheetOrDelimiter);
      if (!grid) throw new VensimUnsupported(`the workbook "${file}" has no sheet "${sheetOrDelimiter}"`);
    }
    this.grids.set(key, grid);
    return grid;
  }

  /** A rectangular block named by a cell ('B2') or a defined name of a workbook ('name'); 'B2*' and 'name*' are read by columns. */
  locate(file: string, sheet: string, reference: string): { grid: Grid; row: number; column: number; transposed: boolean } {
    const transposed = reference.trim().endsWith('*');
    const name = transposed ? reference.trim().slice(0, -1) : reference;
    const cell = parseCell(name);
    if (cell) return { grid: this.grid(file, sheet), ...cell, transposed };
    const content = this.access.readFile?.(file);
    if (content instanceof Uint8Array && this.access.workbooks?.definedName) {
      const range = this.access.workbooks.definedName(content, name);
      if (range) return { grid: this.grid(file, range.sheet), row: range.top, column: range.left, transposed };
    }
    throw new VensimUnsupported(`"${reference}" in "${file}" is neither a cell (such as B2) nor a name the workbook defines`);
  }

  /**
   * Series laid out as GET DIRECT DATA and GET DIRECT LOOKUPS read them: times (or x values) in
   * a row ('4'), a column ('A') or a one-row or one-column range the workbook names
   * ('time_index'); values from `first` on (a cell, or the first cell of a named range), one
   * series per following row (times in a row) or column (times in a column).
   */
  series(file: string, sheet: string, timeAt: string, first: string, count: number): VensimLookup[] {
    const start = this.locate(file, sheet, first);
    const times = this.timeLine(file, timeAt, start);
    const value = (k: number, step: number): Cell =>
      times.across ? start.grid[start.row + k]?.[start.column + step] : start.grid[start.row + step]?.[start.column + k];
    // Times run to the end of their row, column or named range; a blank time (or value) leaves its point out.
    const found: (number | undefined)[] = [];
    for (let step = 0; step < Math.min(MAX_SERIES, times.length); step++) {
      const time = times.at(step);
      found.push(typeof time === 'number' ? time : undefined);
    }
    while (found.length > 0 && found.at(-1) === undefined) found.pop();
    if (found.length === 0) throw new VensimUnsupported(`no times were found at ${timeAt} of "${file}"`);
    const result: VensimLookup[] = [];
    for (let k = 0; k < count; k++) {
      const xs: number[] = [];
      const ys: number[] = [];
      found.forEach((time, step) => {
        const y = value(k, step);
        if (time !== undefined && typeof y === 'number') {
          xs.push(time);
          ys.push(y);
        }
      });
      if (xs.length === 0) throw new VensimUnsupported(`no values were found at ${first} (series ${k + 1}) in "${file}"`);
      result.push({ xs, ys });
    }
    return result;
  }

  /** The times of a series: a row number or column letter (from the values' first cell on), or a named range. */
  private timeLine(file: string, timeAt: string, start: { grid: Grid; row: number; column: number }): { across: boolean; length: number; at: (step: number) => Cell } {
    if (/^\s*\d+\s*$/.test(timeAt)) {
      const line = Number(timeAt) - 1;
      return { across: true, length: Math.max(0, (start.grid[line]?.length ?? 0) - start.column), at: (step) => start.grid[line]?.[start.column + step] };
    }
    if (/^\s*[A-Za-z]{1,3}\s*$/.test(timeAt)) {
      const line = columnIndex(timeAt.trim());
      return { across: false, length: Math.max(0, start.grid.length - start.row), at: (step) => start.grid[start.row + step]?.[line] };
    }
    const content = this.access.readFile?.(file);
    const range = content instanceof Uint8Array ? this.access.workbooks?.definedName?.(content, timeAt.trim()) : undefined;
    if (!range) throw new VensimUnsupported(`the times "${timeAt}" are neither a row number, a column letter nor a range the workbook "${file}" names`);
    const grid = this.grid(file, range.sheet);
    const across = range.top === range.bottom;
    if (!across && range.left !== range.right) throw new VensimUnsupported(`the range "${timeAt}" of "${file}" holding the times must be one row or one column`);
    return across
      ? { across, length: range.right - range.left + 1, at: (step) => grid[range.top]?.[range.left + step] }
      : { across, length: range.bottom - range.top + 1, at: (step) => grid[range.top + step]?.[range.left] };
  }

  /** Constants from `first` on: a row for one range, rows by columns for two (or the block transposed). */
  constants(file: string, sheet: string, first: string, rows: number, columns: number): number[] {
    const { grid, row, column, transposed } = this.locate(file, sheet, first);
    const values: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const value = transposed ? grid[row + c]?.[column + r] : grid[row + r]?.[column + c];
        if (typeof value !== 'number') {
          throw new VensimUnsupported(`the cell ${cellName(transposed ? row + c : row + r, transposed ? column + r : column + c)} of "${file}" holds no number`);
        }
        values.push(value);
      }
    }
    return values;
  }

  /**
   * The series of one variable (`name` or `name[a,b]`) from the run's data sources: tables with
   * a Time column and a column per variable, tab-separated (.tab, as Vensim writes a .vdf out)
   * or comma-separated. Blank cells are times without data. undefined when no source has it.
   */
  sourceSeries(sources: readonly string[], label: string): VensimLookup | undefined {
    const key = columnKey(label);
    for (const source of sources) {
      const grid = this.grid(source, /\.tab$/i.test(source) ? '\t' : ',');
      const header = grid[0] ?? [];
      const column = header.findIndex((cell) => typeof cell === 'string' && columnKey(cell) === key);
      if (column < 0) continue;
      const xs: number[] = [];
      const ys: number[] = [];
      for (const row of grid.slice(1)) {
        const time = row[0];
        const value = row[column];
        if (typeof time === 'number' && typeof value === 'number') {
          xs.push(time);
          ys.push(value);
        }
      }
      if (xs.length > 0) return { xs, ys };
    }
    return undefined;
  }

  /** Names for GET DIRECT SUBSCRIPT: the cells from `first` to `last`, each with `prefix`. */
  subscripts(file: string, sheet: string, first: string, last: string, prefix: string): string[] {
    const a = parseCell(first);
    const b = last.trim() === '' ? undefined : parseCell(last);
    if (!a) throw new VensimUnsupported(`"${first}" is not a cell reference`);
    const grid = this.grid(file, sheet);
    const names: string[] = [];
    const bottom = b?.row ?? (a.row === (b?.row ?? a.row) ? a.row : Number.MAX_SAFE_INTEGER);
    const right = b?.column ?? a.column;
    for (let r = a.row; r <= bottom && r < grid.length; r++) {
      for (let c = a.column; c <= right; c++) {
        const value = grid[r]?.[c];
        if (value === undefined) continue;
        names.push(`${prefix}${typeof value === 'number' ? String(value) : value}`);
      }
    }
    if (names.length === 0) throw new VensimUnsupported(`no subscript names were found from ${first} to ${last} in "${file}"`);
    return names;
  }
}

/** A column header as a key: case, spaces and underscores, quotes around the name ignored. */
function columnKey(label: string): string {
  return label.replace(/^"+|"+$/g, '').replace(/\s*,\s*/g, ',').replace(/[\s_]+/g, '_').toLowerCase();
}

function cellName(row: number, column: number): string {
  let letters = '';
  let n = column + 1;
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return `${letters}${row + 1}`;
}
