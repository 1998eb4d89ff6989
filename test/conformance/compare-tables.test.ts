/**
 * The conformance tests' table comparison: a reference table is a pass only when every column and
 * every time of it was compared, so a model cannot pass on the one column it gets right.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTables, comparisonProblems } from '../helpers/compare-tables.ts';
import { readReferenceTable, type ReferenceTable } from '../helpers/reference-output.ts';

const ours: ReferenceTable = { columns: ['Time', 'Stock', 'Flow'], rows: [[0, 1, 10], [0.5, 2, 10], [1, 3, 10]] };

describe('compareTables and comparisonProblems', () => {
  it('passes a table compared in full', () => {
    expect(comparisonProblems(compareTables(ours, { columns: ['Time', 'stock', 'FLOW'], rows: [[0, 1, 10], [1, 3, 10]] }, 2e-3))).toEqual([]);
  });

  it('fails on a reference column our output lacks, even when every other one agrees', () => {
    const result = compareTables(ours, { columns: ['Time', 'Stock', 'Inventory'], rows: [[0, 1, 5], [1, 3, 6]] }, 2e-3);
    expect(result).toMatchObject({ compared: 1, missingColumns: ['Inventory'] });
    expect(comparisonProblems(result)).toEqual(['1 reference column(s) not in our output: "Inventory"']);
    expect(comparisonProblems(result, ['Inventory'])).toEqual([]);
  });

  it('fails on a reference time our output has no row for', () => {
    const result = compareTables(ours, { columns: ['Time', 'Stock'], rows: [[0, 1], [1, 3], [2, 5]] }, 2e-3);
    expect(comparisonProblems(result)).toEqual(['1 reference time(s) not in our output, from 2 to 2']);
  });

  it('matches times printed with six significant digits, and no further', () => {
    const fine: ReferenceTable = { columns: ['Time', 'Stock'], rows: [[10, 1], [10.03125, 2], [10.0625, 3]] };
    expect(comparisonProblems(compareTables(fine, { columns: ['Time', 'Stock'], rows: [[10.0312, 2], [10.0625, 3]] }, 2e-3))).toEqual([]);
    expect(compareTables(fine, { columns: ['Time', 'Stock'], rows: [[10.02, 2]] }, 2e-3).missingTimes).toEqual([10.02]);
  });

  it('reads a quoted Vensim name in its source form, escapes and all', () => {
    const named: ReferenceTable = { columns: ['Time', 'variable with "Quotes" in it', 'Stock with n Newline'], rows: [[0, 1, 2]] };
    const result = compareTables(named, { columns: ['Time', '"variable with \\"Quotes\\" in it"', '"Stock with \\n Newline"'], rows: [[0, 1, 2]] }, 2e-3);
    expect(comparisonProblems(result)).toEqual([]);
  });

  it('reads a table Vensim wrote in Windows-1252, with its quoted names', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reference-')), 'output.tab');
    writeFileSync(path, Buffer.concat([Buffer.from('Time\tcaf'), Buffer.from([0xe9]), Buffer.from('\t"""say \\""hi\\"""""\n0\t1\t2\n')]));
    expect(readReferenceTable(path).columns).toEqual(['Time', 'café', '"say \\"hi\\""']);
  });
});
