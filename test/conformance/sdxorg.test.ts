import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateToCsv } from '../../src/cli/simulate-csv.ts';
import { canonicalKeyOf, compareTables, comparisonProblems, parseCsvTable } from '../helpers/compare-tables.ts';
import { readReferenceTable, type ReferenceTable } from '../helpers/reference-output.ts';

/**
 * Every XMILE model of the SDXorg test-models suite in shared/, run through the CLI's code path
 * and compared with the suite's canonical output at relative tolerance 2e-3.
 */
const SUITE = resolve(import.meta.dirname, '../../../shared/conformance/sdxorg');
const RELATIVE_TOLERANCE = 2e-3;

interface Case {
  readonly name: string;
  readonly directory: string;
  readonly file: string;
}

function findCases(): Case[] {
  if (!existsSync(SUITE)) throw new Error(`the conformance suite is missing: expected it at ${SUITE} (shared/ beside the repository)`);
  const cases: Case[] = [];
  for (const name of readdirSync(SUITE).sort()) {
    const directory = join(SUITE, name);
    if (!statSync(directory).isDirectory()) continue;
    for (const file of readdirSync(directory).sort()) {
      if (file.endsWith('.xmile') && !file.endsWith('_behavior.xmile')) cases.push({ name, directory, file });
    }
  }
  return cases;
}

/**
 * The canonical tables were written by the tool named in each README. Vensim integrates with
 * Euler whatever the converted file's sim_specs say, so those files are run with Euler.
 */
function producedByVensim(directory: string): boolean {
  const readme = join(directory, 'README.md');
  return existsSync(readme) && /output\.(csv|tab)[^\n]*Vensim/i.test(readFileSync(readme, 'utf8'));
}

function referenceTables(directory: string): { readonly name: string; readonly table: ReferenceTable }[] {
  const names = ['output.csv', 'output.tab', 'output_stella.csv'].filter((name) => existsSync(join(directory, name)));
  return names.map((name) => ({ name, table: readReferenceTable(join(directory, name)) }));
}

/** Files the suite ships broken: a converter left "???" for equations it could not translate, or dropped a macro's definition. */
function unrunnableReason(source: string): RegExp | undefined {
  if (source.includes('???')) return /"\?\?\?": a converter/;
  if (/<eqn>[^<]*\bMACRO\(/.test(source) && !source.includes('<macro')) return /calls "[^"]* MACRO", which is not a function this engine knows \(if it is a macro, the file lacks its <macro> definition\)/;
  return undefined;
}

/**
 * The reference columns our output may lack, by case and table, each with its reason: a table
 * passes only when every other column and every time is compared and agrees. Exactly what is
 * needed: a listed column that our output has after all fails the test (see below).
 */
interface MissingAllowed {
  readonly table: string;
  readonly columns: readonly string[];
  readonly reason: string;
}

/**
 * Vensim writes its run settings as columns of its tables; the XMILE files converted from the
 * same models hold them as <sim_specs>, which are not variables, so our output has no such column.
 */
const VENSIM_RUN_SETTINGS: MissingAllowed = {
  table: 'output.tab',
  columns: ['INITIAL TIME', 'FINAL TIME', 'TIME STEP', 'SAVEPER'],
  reason: "Vensim's table lists its run settings as columns; in XMILE they are <sim_specs>, not variables",
};

const MISSING_ALLOWED: Readonly<Record<string, MissingAllowed>> = {
  'arithmetics_exp/test_arithmetics_exp.xmile': VENSIM_RUN_SETTINGS,
  'lookups/test_lookups_no-indirect.xmile': VENSIM_RUN_SETTINGS,
  'min_max_1arg/test_min_max_1arg.xmile': VENSIM_RUN_SETTINGS,
  'non_negative_all/test_non_negative_all1.xmile': VENSIM_RUN_SETTINGS,
  'non_negative_all/test_non_negative_all2.xmile': VENSIM_RUN_SETTINGS,
  'non_negative_stocks/test_non_negative_stocks.xmile': VENSIM_RUN_SETTINGS,
  'rounding/test_rounding.xmile': VENSIM_RUN_SETTINGS,
  'subscripted_trig/test_subscripted_trig.xmile': VENSIM_RUN_SETTINGS,
  'zeroled_decimals/test_zeroled_decimals.xmile': VENSIM_RUN_SETTINGS,
};

const cases = findCases();

describe('SDXorg conformance models', () => {
  it('finds the suite', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  for (const testCase of cases) {
    it(`${testCase.name}/${testCase.file}`, () => {
      const source = readFileSync(join(testCase.directory, testCase.file), 'utf8');
      const outcome = simulateToCsv(source, { fileName: testCase.file, ...(producedByVensim(testCase.directory) ? { method: 'euler' as const } : {}) });
      const brokenBecause = unrunnableReason(source);
      if (brokenBecause) {
        expect(outcome.ok, 'a model with untranslated equations must be refused').toBe(false);
        if (!outcome.ok) expect(outcome.messages.join('\n')).toMatch(brokenBecause);
        return;
      }
      if (!outcome.ok) throw new Error(`${testCase.name}/${testCase.file} did not compile:\n${outcome.messages.join('\n')}`);
      const ours = parseCsvTable(outcome.csv);
      // The canonical output first; where it disagrees, Stella's own output of the same file
      // (Stella is the reference implementation of XMILE) may settle it. A table passes only when
      // compared in full: every column (but those MISSING_ALLOWED names) and every time.
      const allowed = MISSING_ALLOWED[`${testCase.name}/${testCase.file}`];
      const failures: string[] = [];
      for (const reference of referenceTables(testCase.directory)) {
        const result = compareTables(ours, reference.table, RELATIVE_TOLERANCE);
        const allowedHere = allowed?.table === reference.name ? allowed.columns : [];
        const problems = comparisonProblems(result, allowedHere);
        if (problems.length === 0) {
          const unneeded = (allowed?.columns ?? []).filter((column) => !(allowed?.table === reference.name && result.missingColumns.includes(column)));
          expect(unneeded, `MISSING_ALLOWED lists columns this case no longer lacks in its ${reference.name} (${allowed?.reason})`).toEqual([]);
          return;
        }
        failures.push(`${reference.name}: ${problems.join('; ')}`);
      }
      throw new Error(`${testCase.name}/${testCase.file}: ${failures.join('; ')}`);
    });
  }

  it('matches columns by canonical name', () => {
    expect(canonicalKeyOf('Stock A[Entry 1]')).toBe(canonicalKeyOf('stock_a[entry_1]'));
  });
});
