import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { sheetJsWorkbooks, type CompileOptions, type SheetJsLike, type WorkbookReader } from '../engine/index.ts';
import { simulateToCsv, type SimulateOutcome } from './simulate-csv.ts';

/** Data files larger than this are not a model's inputs. */
const MAX_DATA_FILE_BYTES = 50_000_000;

/**
 * The files a model may read (Vensim's GET DIRECT DATA and kin): only those in the model's own
 * folder or below it, as the model names them; CSV and text files as text, workbooks as bytes.
 */
export function dataFilesBeside(modelPath: string): NonNullable<CompileOptions['readFile']> {
  const folder = dirname(resolve(modelPath));
  return (name) => {
    const path = resolve(folder, name);
    const inside = relative(folder, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
    if (!existsSync(path) || !statSync(path).isFile() || statSync(path).size > MAX_DATA_FILE_BYTES) return undefined;
    return /\.(xlsx|xlsm|xls)$/i.test(name) ? new Uint8Array(readFileSync(path)) : readFileSync(path, 'utf8');
  };
}

/** `readFile`, answering also for the data sources named on the command line (paths from the current folder). */
export function withDataSources(readFile: NonNullable<CompileOptions['readFile']>, sources: readonly string[]): NonNullable<CompileOptions['readFile']> {
  if (sources.length === 0) return readFile;
  const named = new Set(sources);
  return (name) => {
    if (!named.has(name)) return readFile(name);
    if (!existsSync(name) || !statSync(name).isFile() || statSync(name).size > MAX_DATA_FILE_BYTES) return undefined;
    return readFileSync(name, 'utf8');
  };
}

/** SheetJS, loaded on the first workbook a model reads (most models read none). */
export function lazyWorkbooks(): WorkbookReader {
  let reader: WorkbookReader | undefined;
  const load = (): WorkbookReader => (reader ??= sheetJsWorkbooks(createRequire(import.meta.url)('@e965/xlsx') as SheetJsLike));
  return {
    sheet: (bytes, sheet) => load().sheet(bytes, sheet),
    definedName: (bytes, name) => load().definedName?.(bytes, name),
  };
}

/** What `alliance-dynamics simulate <file>` does: read the model (and its data files) and run it. */
export function simulateFile(path: string, options: Omit<CompileOptions, 'fileName' | 'readFile' | 'workbooks'> = {}): SimulateOutcome {
  const source = readFileSync(path, 'utf8');
  const readFile = withDataSources(dataFilesBeside(path), options.dataSources ?? []);
  return simulateToCsv(source, { ...options, fileName: basename(path), readFile, workbooks: lazyWorkbooks() });
}
