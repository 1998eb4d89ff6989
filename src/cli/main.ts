import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { compileModel, formatModelError, RunOptionError, type CompileOptions } from '../engine/index.ts';
import { dataFilesBeside, lazyWorkbooks, withDataSources } from './simulate-file.ts';
import { simulateToCsv } from './simulate-csv.ts';
import { bandsToCsv, parseParameterRange, sweep } from './sweep.ts';
import { PlayUsageError, playCommand } from './play-command.ts';

const USAGE = `alliance-dynamics: run system-dynamics models (XMILE, Stella, Vensim) from the command line

  alliance-dynamics simulate <model.xmile|.stmx|.mdl> [--out file.csv] [--method euler|rk4] [--data data.tab ...]
      Prints one row per save step: Time, then every stock, flow and auxiliary.
      A Vensim model reads its data files (GET DIRECT DATA, GET XLS ...) from its own folder;
      --data names a run's data source (a .tab or .csv with a Time column) for data variables
      that have no GET function, as Vensim's .vdf data sources.

  alliance-dynamics sweep <model> --runs N --param "Name=low:high" [--param ...] [--seed S] [--out bands.csv]
      Monte Carlo over uniformly drawn parameters; p5/p25/p50/p75/p95 of every stock per save step.

  alliance-dynamics play <scenario-id> --side <side>=<strategy>[,<strategy>@<round>...] ...
                         [--event <event>@<round> ...] [--rounds N] [--seed S] [--perturb F --draws N] --json
      Plays a whole game with computer players and prints rounds, decisions, KPIs and series as JSON.
`;

/** A problem the user can fix: printed as a plain message, exit code 1 (2 for usage). */
class UsageError extends Error {}

function readModel(path: string | undefined): { source: string; fileName: string; readFile: NonNullable<CompileOptions['readFile']>; workbooks: NonNullable<CompileOptions['workbooks']> } {
  if (!path) throw new UsageError('name the model file, e.g. alliance-dynamics simulate model.xmile');
  try {
    return { source: readFileSync(path, 'utf8'), fileName: basename(path), readFile: dataFilesBeside(path), workbooks: lazyWorkbooks() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `cannot find the file "${path}"` : `cannot read "${path}": ${(error as Error).message}`, { cause: error });
  }
}

function write(out: string | undefined, text: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

function simulateCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, method: { type: 'string' }, data: { type: 'string', multiple: true } } });
  const method = values.method;
  if (method !== undefined && method !== 'euler' && method !== 'rk4') throw new UsageError(`--method must be euler or rk4, not "${method}"`);
  const { source, ...files } = readModel(positionals[0]);
  // Data sources are named from where the command runs; the model reads them by that name.
  const dataSources = values.data ?? [];
  const readFile = withDataSources(files.readFile, dataSources);
  const outcome = simulateToCsv(source, { ...files, readFile, dataSources, ...(method ? { method } : {}) });
  if (!outcome.ok) {
    process.stderr.write(`${outcome.messages.join('\n')}\n`);
    return 1;
  }
  for (const warning of outcome.warnings) process.stderr.write(`${warning}\n`);
  write(values.out, outcome.csv);
  return 0;
}

function sweepCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { runs: { type: 'string' }, param: { type: 'string', multiple: true }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  const runs = Number(values.runs ?? Number.NaN);
  if (!Number.isInteger(runs) || runs < 1 || runs > 10_000_000) throw new UsageError('--runs must be a whole number between 1 and 10,000,000');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  const ranges = (values.param ?? []).map((text) => {
    try {
      return parseParameterRange(text);
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
  });
  if (ranges.length === 0) throw new UsageError('give at least one --param "Name=low:high"');
  const { source, ...files } = readModel(positionals[0]);
  const compiled = compileModel(source, files);
  if (!compiled.ok) {
    process.stderr.write(`${[...compiled.errors, ...compiled.warnings].map(formatModelError).join('\n')}\n`);
    return 1;
  }
  const started = performance.now();
  let lastReport = started;
  const result = sweep(compiled.model, {
    runs,
    ranges,
    seed,
    onProgress(done) {
      const now = performance.now();
      if (now - started < 1000 || (now - lastReport < 500 && done < runs)) return;
      lastReport = now;
      process.stderr.write(`sweep: ${done.toLocaleString('en')} of ${runs.toLocaleString('en')} runs (${Math.round((100 * done) / runs)}%)\n`);
    },
  });
  write(values.out, bandsToCsv(result));
  return 0;
}

// A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'simulate') return simulateCommand(rest);
    if (command === 'sweep') return sweepCommand(rest);
    if (command === 'play') return playCommand(rest, (text) => process.stdout.write(text));
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PlayUsageError) {
      process.stderr.write(`alliance-dynamics: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    // Unknown options (from parseArgs), unknown parameters (RunOptionError), unreadable files.
    if (error instanceof RunOptionError || error instanceof Error) {
      process.stderr.write(`alliance-dynamics: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
