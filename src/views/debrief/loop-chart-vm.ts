/**
 * The loops through the teams over a game as a line chart: one line per declared loop (its
 * strength each round, in %), a mark at each round in which a team moved further in answer to its
 * numbers, and the same as a table (with which loop led and who answered). Pure.
 */
import type { PeopleLoops, Scenario } from '../../rules/index.ts';
import type { RoundWords } from '../charts/debrief-charts-vm.ts';
import { layoutMarkers, type LineSeriesVm, type MarkedLineChartVm } from '../charts/marked-line-chart-vm.ts';
import { seriesColor } from '../charts/palette.ts';
import { formatNumber, t } from '../i18n.ts';
import type { LoopDiagram } from './loop-diagram-data.ts';

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function loopChartVm(scenario: Scenario, analysis: PeopleLoops, diagram: LoopDiagram, summary: string, words: RoundWords): MarkedLineChartVm {
  const rounds = analysis.rounds;
  const tagOf = (id: string) => diagram.loops.find((loop) => loop.id === id)?.tag ?? '';
  const series: LineSeriesVm[] = analysis.loops.map((loop, i) => ({
    id: loop.id,
    label: `${tagOf(loop.id)} ${loop.name}`,
    color: seriesColor(i),
    // Balancing loops dashed, reinforcing solid: the kind survives grey-scale printing.
    dash: loop.kind === 'balancing' ? [8, 4] : [],
    width: analysis.led.includes(loop.id) ? 3 : 2,
    axis: 'y',
    decimals: 0,
    values: loop.score.map((score) => score * 100),
  }));
  const shortName = (sideId: string) => scenario.definition.sides.find((side) => side.id === sideId)?.shortName ?? sideId;
  const marks = analysis.closings.map((closing) => ({ round: closing.round, label: shortName(closing.side) }));
  const title = t('debrief.peopleLoopsChartTitle', { unit: words.unit });
  const nameOf = (id: string | null) => (id === null ? '–' : (analysis.loops.find((loop) => loop.id === id)?.name ?? id));
  const answered = (round: number) => [...new Set(analysis.closings.filter((closing) => closing.round === round).map((closing) => shortName(closing.side)))].join(', ') || '–';
  return {
    id: 'people-loops',
    title,
    description: t('debrief.peopleLoopsChartDescription', { title, summary }),
    summary,
    xTitle: capitalised(words.unit),
    rounds,
    y: { title: t('debrief.peopleLoopsAxis') },
    series,
    markers: layoutMarkers(marks, rounds),
    table: {
      caption: `${title} (%)`,
      columns: [capitalised(words.unit), ...series.map((line) => line.label), t('debrief.peopleLoopsLedColumn'), t('debrief.peopleLoopsAnsweredColumn')],
      rows: Array.from({ length: rounds }, (_, r) => ({
        header: String(r + 1),
        cells: [...series.map((line) => formatNumber(line.values[r] ?? Number.NaN, 0)), nameOf(analysis.led[r] ?? null), answered(r + 1)],
      })),
    },
  };
}
