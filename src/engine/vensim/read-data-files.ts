import { columnIndex, csvGrid, parseCell, type Cell, type DataFile, type Grid, type WorkbookReader } from './data-grid.ts';
import type { VensimLookup } from './vensim-ast.ts';
import { VensimUnsupported } from './translate-expr.ts';

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

  /** A rectangular block named by a cell ('B2'), or by a defined name of a workbook ('name', 'name*' read by columns). */
  locate(file: string, sheet: string, reference: string): { grid: Grid; row: number; column: number; transposed: boolean } {
    const cell = parseCell(reference);
    if (cell) return { grid: this.grid(file, sheet), ...cell, transposed: false };
    const transposed = reference.endsWith('*');
    const name = transposed ? reference.slice(0, -1) : reference;
    const content = this.access.readFile?.(file);
    if (content instanceof Uint8Array && this.access.workbooks?.definedName) {
      const range = this.access.workbooks.definedName(content, name);
      if (range) return { grid: this.grid(file, range.sheet), row: range.top, column: range.left, transposed };
    }
    throw new VensimUnsupported(`"${reference}" in "${file}" is neither a cell (such as B2) nor a name the workbook defines`);
  }

  /**
   * Series laid out as GET DIRECT DATA and GET DIRECT LOOKUPS read them: times (or x values) in
   * a row ('4') or a column ('A'), values from `first` on, one series per following row/column.
   */
  series(file: string, sheet: string, timeAt: string, first: string, count: number): VensimLookup[] {
    const cell = parseCell(first);
    if (!cell) throw new VensimUnsupported(`"${first}" is not a cell reference (such as B2)`);
    const grid = this.grid(file, sheet);
    const across = /^\s*\d+\s*$/.test(timeAt);
    if (!across && !/^\s*[A-Za-z]{1,3}\s*$/.test(timeAt)) throw new VensimUnsupported(`the time row or column "${timeAt}" is neither a row number nor a column letter`);
    const timeLine = across ? Number(timeAt) - 1 : columnIndex(timeAt.trim());
    const at = (line: number, step: number): Cell => (across ? grid[line]?.[cell.column + step] : grid[cell.row + step]?.[line]);
    // Times run to the end of their row or column; a blank time (or value) leaves its point out.
    const times: (number | undefined)[] = [];
    const length = Math.min(MAX_SERIES, across ? Math.max(0, (grid[timeLine]?.length ?? 0) - cell.column) : Math.max(0, grid.length - cell.row));
    for (let step = 0; step < length; step++) {
      const value = at(timeLine, step);
      times.push(typeof value === 'number' ? value : undefined);
    }
    while (times.length > 0 && times.at(-1) === undefined) times.pop();
    if (times.length === 0) throw new VensimUnsupported(`no times were found in ${across ? 'row' : 'column'} ${timeAt} of "${file}"`);
    const result: VensimLookup[] = [];
    for (let k = 0; k < count; k++) {
      const line = (across ? cell.row : cell.column) + k;
      const xs: number[] = [];
      const ys: number[] = [];
      times.forEach((time, step) => {
        const value = at(line, step);
        if (time !== undefined && typeof value === 'number') {
          xs.push(time);
          ys.push(value);
        }
      });
      if (xs.length === 0) throw new VensimUnsupported(`no values were found at ${first} (series ${k + 1}) in "${file}"`);
      result.push({ xs, ys });
    }
    return result;
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
