import type { Cell, Grid, WorkbookReader } from './data-grid.ts';

/**
 * The part of SheetJS (`@e965/xlsx`) this reader uses. The engine does not import the library:
 * the CLI and the explorer load it (lazily, only for models that read workbooks) and pass it here.
 */
export interface SheetJsLike {
  read(data: Uint8Array, options: { type: 'array'; cellFormula?: boolean; cellHTML?: boolean; cellText?: boolean }): SheetJsWorkbook;
  utils: {
    decode_range(range: string): { s: { r: number; c: number }; e: { r: number; c: number } };
    encode_cell(cell: { r: number; c: number }): string;
  };
}

interface SheetJsWorkbook {
  SheetNames: string[];
  Sheets: Record<string, Record<string, { v?: unknown } | unknown>>;
  Workbook?: { Names?: { Name: string; Ref: string; Sheet?: number }[] };
}

/** Larger sheets than this are not model inputs; refused rather than read into memory. */
const MAX_CELLS = 5_000_000;

/** Reads .xls and .xlsx workbooks with SheetJS; each workbook is parsed once. */
export function sheetJsWorkbooks(xlsx: SheetJsLike): WorkbookReader {
  const books = new WeakMap<Uint8Array, SheetJsWorkbook>();
  const grids = new WeakMap<Uint8Array, Map<string, Grid>>();
  const book = (bytes: Uint8Array): SheetJsWorkbook => {
    let known = books.get(bytes);
    if (!known) {
      known = xlsx.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellText: false });
      books.set(bytes, known);
    }
    return known;
  };
  const sheetName = (workbook: SheetJsWorkbook, wanted: string): string | undefined =>
    workbook.SheetNames.find((name) => name === wanted) ?? workbook.SheetNames.find((name) => name.toLowerCase() === wanted.toLowerCase());
  return {
    sheet(bytes, wanted) {
      const workbook = book(bytes);
      const name = sheetName(workbook, wanted);
      if (name === undefined) return undefined;
      let cache = grids.get(bytes);
      if (!cache) grids.set(bytes, (cache = new Map()));
      const known = cache.get(name);
      if (known) return known;
      const sheet = workbook.Sheets[name]!;
      const ref = sheet['!ref'];
      const rows: Cell[][] = [];
      if (typeof ref === 'string') {
        const range = xlsx.utils.decode_range(ref);
        if ((range.e.r + 1) * (range.e.c + 1) > MAX_CELLS) throw new Error(`the sheet "${name}" has more than ${MAX_CELLS} cells`);
        for (let r = 0; r <= range.e.r; r++) {
          const row: Cell[] = [];
          for (let c = 0; c <= range.e.c; c++) {
            const cell = sheet[xlsx.utils.encode_cell({ r, c })] as { v?: unknown } | undefined;
            const value = cell?.v;
            row.push(typeof value === 'number' ? value : typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : typeof value === 'boolean' ? Number(value) : undefined);
          }
          rows.push(row);
        }
      }
      cache.set(name, rows);
      return rows;
    },
    definedName(bytes, wanted) {
      const workbook = book(bytes);
      const entry = workbook.Workbook?.Names?.find((name) => name.Name.toLowerCase() === wanted.toLowerCase());
      if (!entry) return undefined;
      const match = /^'?(.*?)'?!(.+)$/.exec(entry.Ref);
      if (!match) return undefined;
      const range = xlsx.utils.decode_range(match[2]!.replaceAll('$', ''));
      return { sheet: match[1]!.replaceAll("''", "'"), top: range.s.r, left: range.s.c, bottom: range.e.r, right: range.e.c };
    },
  };
}
