import { describe, expect, it } from 'vitest';
import { layoutMarkers, roundRanges, roundsText, seriesTable, type LineSeriesVm } from '../../../src/views/charts/marked-line-chart-vm.ts';

function series(id: string, values: number[], decimals = 1): LineSeriesVm {
  return { id, label: id, color: '#000000', dash: [], width: 2, axis: 'y', decimals, values };
}

describe('layoutMarkers', () => {
  it('merges marks on the same round into one label', () => {
    expect(layoutMarkers([{ round: 7, label: 'A' }, { round: 7, label: 'B' }], 20)).toEqual([{ round: 7, label: 'A · B', row: 0, align: 'right' }]);
  });

  it('puts a label that would overlap the previous one in the next row, and a distant one back in the first', () => {
    const placed = layoutMarkers(
      [
        { round: 3, label: 'Fell behind' },
        { round: 5, label: 'Back on terms' },
        { round: 12, label: 'Paid back' },
      ],
      20,
    );
    expect(placed.map((marker) => marker.row)).toEqual([0, 1, 0]);
  });

  it('runs a label near the right edge to the left of its line', () => {
    const [marker] = layoutMarkers([{ round: 19, label: 'Both back on the agreed terms' }], 20);
    expect(marker!.align).toBe('left');
  });
});

describe('seriesTable', () => {
  it('gives one row per round with each series at its own decimals', () => {
    const table = seriesTable('Profit', 'Quarter', 3, [series('a', [1, 2.25, -3]), series('b', [0.5, Number.NaN, 1], 2)]);
    expect(table.columns).toEqual(['Quarter', 'a', 'b']);
    expect(table.rows).toEqual([
      { header: '1', cells: ['1.0', '0.50'] },
      { header: '2', cells: ['2.3', '–'] },
      { header: '3', cells: ['−3.0', '1.00'] },
    ]);
  });
});

describe('roundsText', () => {
  it('writes runs of rounds as ranges', () => {
    expect(roundRanges([7, 8, 9, 12, 14, 15])).toBe('7–9, 12, and 14–15');
    expect(roundsText([7, 8, 9, 10], 'quarter', 'quarters')).toBe('quarters 7–10');
    expect(roundsText([7], 'quarter', 'quarters')).toBe('quarter 7');
  });
});
