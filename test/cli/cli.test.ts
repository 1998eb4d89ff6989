import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { parseCsvTable } from '../helpers/compare-tables.ts';

/** The CLI as a user runs it: a separate process, real files, exit codes and stderr. */
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/alliance-dynamics.mjs');
const TEACUP = join(ROOT, 'scenarios/demo/teacup.xmile');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('alliance-dynamics simulate', () => {
  it('prints one CSV row per save step with a Time column and every variable', () => {
    const { code, stdout, stderr } = cli('simulate', TEACUP);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const table = parseCsvTable(stdout);
    expect(table.columns).toEqual(['Time', 'Teacup Temperature', 'Heat Loss to Room', 'Room Temperature', 'Characteristic Time']);
    expect(table.rows).toHaveLength(241);
    expect(table.rows[0]).toEqual([0, 180, 11, 70, 10]);
    // Euler: T(n) = 70 + 110 * (1 - 0.125/10)^n at t = 30 (n = 240).
    expect(table.rows[240]![1]).toBeCloseTo(70 + 110 * 0.9875 ** 240, 9);
  });

  it('writes to --out and names array elements and modules as in the model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const model = join(dir, 'arrays.xmile');
    writeFileSync(
      model,
      `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"><sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>
      <dimensions><dim name="Region"><elem name="North"/><elem name="South"/></dim></dimensions>
      <model><variables>
        <stock name="Dealer_Stock"><dimensions><dim name="Region"/></dimensions><eqn>10</eqn><inflow>deliveries</inflow></stock>
        <flow name="deliveries"><dimensions><dim name="Region"/></dimensions><eqn>2</eqn></flow>
      </variables></model></xmile>`,
    );
    const out = join(dir, 'out.csv');
    const { code } = cli('simulate', model, '--out', out);
    expect(code).toBe(0);
    const table = parseCsvTable(readFileSync(out, 'utf8'));
    expect(table.columns).toEqual(['Time', 'Dealer Stock[North]', 'Dealer Stock[South]', 'deliveries[North]', 'deliveries[South]']);
    expect(table.rows[2]).toEqual([2, 14, 14, 2, 2]);
  });

  it('exits non-zero with the clear message on a model error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const model = join(dir, 'broken.xmile');
    writeFileSync(model, `<xmile><sim_specs><stop>1</stop></sim_specs><model><variables><aux name="profit"><eqn>revenue - costs</eqn></aux><aux name="revenue"><eqn>1</eqn></aux></variables></model></xmile>`);
    const { code, stdout, stderr } = cli('simulate', model);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('broken.xmile, variable "profit": refers to "costs", but there is no variable of that name');
    expect(stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
  });

  it('explains a missing file and a missing command', () => {
    expect(cli('simulate', 'no-such-model.xmile')).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot find the file "no-such-model.xmile"') });
    expect(cli('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });
});

describe('alliance-dynamics sweep', () => {
  it('writes p5..p95 bands per stock that widen with the drawn parameter and are reproducible by seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const run = (seed: string) => {
      const out = join(dir, `bands-${seed}.csv`);
      const result = cli('sweep', TEACUP, '--runs', '500', '--param', 'Room Temperature=60:80', '--seed', seed, '--out', out);
      expect(result.code, result.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const first = run('7');
    expect(run('7')).toBe(first);
    expect(run('8')).not.toBe(first);
    const table = parseCsvTable(first);
    expect(table.columns).toEqual(['Time', ...[5, 25, 50, 75, 95].map((p) => `Teacup Temperature p${p}`)]);
    const start = table.rows[0]!;
    const end = table.rows.at(-1)!;
    expect(start.slice(1)).toEqual([180, 180, 180, 180, 180]);
    // At t = 30 the tea has cooled most of the way to the room: the bands follow 60..80.
    const [p5, p25, p50, p75, p95] = end.slice(1) as [number, number, number, number, number];
    expect(p5).toBeLessThan(p25);
    expect(p25).toBeLessThan(p50);
    expect(p50).toBeLessThan(p75);
    expect(p75).toBeLessThan(p95);
    const settle = (room: number) => room + (180 - room) * 0.9875 ** 240;
    // The median room of 500 uniform draws is 70 give or take about 0.4.
    expect(Math.abs(p50 - settle(70))).toBeLessThan(1.5);
    expect(p5).toBeGreaterThan(settle(60) - 0.5);
    expect(p95).toBeLessThan(settle(80) + 0.5);
  });

  it('refuses a malformed --param and an unknown parameter with a readable message', () => {
    expect(cli('sweep', TEACUP, '--runs', '10', '--param', 'Room Temperature')).toMatchObject({ code: 2, stderr: expect.stringContaining('"Name=low:high"') });
    expect(cli('sweep', TEACUP, '--runs', '10', '--param', 'Room Temp=1:2')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"Room Temp" is not a constant of this model'),
    });
  });
});

describe('alliance-dynamics simulate with Vensim models', () => {
  const CONTROL = 'FINAL TIME = 4 ~ Month ~ |\nINITIAL TIME = 0 ~ Month ~ |\nSAVEPER = 2 ~ Month ~ |\nTIME STEP = 1 ~ Month ~ |\n';

  it('runs a .mdl that reads a CSV and a workbook beside it, saving rows every SAVEPER', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-mdl-'));
    writeFileSync(join(dir, 'demand.csv'), 'Time,demand\n0,10\n4,30\n');
    // A real .xlsx, written by the same library that reads it.
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['price', 2.5]]), 'Inputs');
    writeFileSync(join(dir, 'prices.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    writeFileSync(
      join(dir, 'sales.mdl'),
      `{UTF-8}\ndemand := GET DIRECT DATA('demand.csv', ',', 'A', 'B2') ~ Units/Month ~ |\nprice = GET XLS CONSTANTS('prices.xlsx', 'Inputs', 'B1') ~ $/Unit ~ |\nrevenue = demand * price ~ $/Month ~ |\nearned = INTEG(revenue, 0) ~ $ ~ |\n${CONTROL}`,
    );
    const { code, stdout, stderr } = cli('simulate', join(dir, 'sales.mdl'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const table = parseCsvTable(stdout);
    expect(table.rows.map((row) => row[0])).toEqual([0, 2, 4]);
    const column = (name: string) => table.rows.map((row) => row[table.columns.indexOf(name)]);
    expect(column('demand')).toEqual([10, 20, 30]);
    expect(column('revenue')).toEqual([25, 50, 75]);
    // Euler with dt 1: revenue 25, 37.5, 50, 62.5 added step by step.
    expect(column('earned')).toEqual([0, 62.5, 175]);
  });

  it('takes a run\'s data source with --data, and refuses a missing Vensim feature by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-mdl-'));
    writeFileSync(join(dir, 'run.tab'), 'Time\tinflow\n0\t1\n4\t5\n');
    writeFileSync(join(dir, 'model.mdl'), `inflow :INTERPOLATE: ~~|\nstock = INTEG(inflow, 0) ~~|\n${CONTROL}`);
    const withData = cli('simulate', join(dir, 'model.mdl'), '--data', join(dir, 'run.tab'));
    expect(withData.stderr).toBe('');
    expect(parseCsvTable(withData.stdout).rows.at(-1)!.slice(0, 3)).toEqual([4, 5, 10]);
    const without = cli('simulate', join(dir, 'model.mdl'));
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('variable "inflow": "inflow" is a data variable without a GET DATA function');
    writeFileSync(join(dir, 'alloc.mdl'), `S: a, b ~~|\nr[S] = 1, 2 ~~|\nx[S] = ALLOCATE AVAILABLE(r[S], r[S], 2) ~~|\n${CONTROL}`);
    const refused = cli('simulate', join(dir, 'alloc.mdl'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the Vensim function ALLOCATE AVAILABLE is not supported here');
  });

  it('reads data files only from the model\'s own folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-mdl-'));
    writeFileSync(join(dir, 'model.mdl'), `d := GET DIRECT DATA('../../etc/passwd', ',', 'A', 'B2') ~~|\n${CONTROL}`);
    const { code, stderr } = cli('simulate', join(dir, 'model.mdl'));
    expect(code).toBe(1);
    expect(stderr).toContain('the data file "../../etc/passwd" could not be found beside the model');
  });
});

describe('the bin runs the built CLI only while it is fresh', () => {
  it('falls back to the sources when a source file is newer than the build, with the same output', () => {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build/build-cli.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(built.status).toBe(0);
    const fromBuild = cli('simulate', TEACUP);
    const fromSources = spawnSync(process.execPath, [BIN, 'simulate', TEACUP], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ALLIANCE_DYNAMICS_FROM_SOURCES: '1' } });
    expect(fromBuild.code).toBe(0);
    expect(fromSources.stdout).toBe(fromBuild.stdout);
    // A build older than a source it was made from is not used.
    const inputs = JSON.parse(readFileSync(join(ROOT, 'build/cli/inputs.json'), 'utf8')) as { builtAt: number; files: string[] };
    expect(inputs.files).toContain('src/engine/compile-model.ts');
    expect(inputs.files).toContain('src/engine/vensim/read-vensim.ts');
  }, 180_000);
});
