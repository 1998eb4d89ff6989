/**
 * The debrief's tables of all alliances: the end-of-workshop ranking and who kept the agreed
 * terms. They turn the pure
 * selectors' rows into elements; nothing is computed here beyond formatting.
 */
import type { Scenario } from '../../rules/index.ts';
import type { CooperationRow, RankingRow } from '../../state/workshop-compare.ts';
import { keyKpis } from '../../state/workshop-store.ts';
import { roundRanges } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { formatNumber, t } from '../i18n.ts';
import type { RoundWords } from '../debrief/render-statement.ts';

const header = (titles: readonly string[]) => el('thead', {}, [el('tr', {}, titles.map((title) => el('th', { scope: 'col' }, [title])))]);

/** A box that scrolls a wide table sideways, reachable by keyboard and named for screen readers. */
export function scrollBox(label: string, table: HTMLElement): HTMLElement {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, [table]);
}

/** Who ended best: rank, alliance, rounds played, the combined result and the key figures at the end. */
export function rankingTable(rows: readonly RankingRow[], scenario: Scenario): HTMLElement {
  const columns = keyKpis(scenario);
  const cumulative = scenario.definition.sides.map((side) => scenario.definition.kpis.find((kpi) => kpi.side === side.id && /cumulative/i.test(kpi.id)));
  const summed = cumulative.every((kpi) => kpi !== undefined) && new Set(cumulative.map((kpi) => kpi!.unit)).size === 1 ? cumulative[0]! : null;
  const caption = t('projector.rankingCaption', { what: summed ? t('projector.rankingBySum') : t('projector.rankingByFirst', { kpi: columns[0]?.label ?? '' }) });
  const table = el('table', { class: 'data-table ranking-table', id: 'ws-ranking' }, [
    el('caption', {}, [caption]),
    header([t('projector.rank'), t('projector.alliance'), t('projector.roundsPlayed'), ...(summed ? [t('projector.combined', { valueUnit: summed.unit })] : []), ...columns.map((column) => `${column.label} (${column.unit})`)]),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el('tr', { 'data-alliance': String(row.alliance) }, [
          el('td', {}, [String(row.rank)]),
          el('th', { scope: 'row' }, [row.name, row.exited ? el('span', { class: 'unit' }, [` (${t('projector.exited')})`]) : null]),
          el('td', {}, [String(row.rounds)]),
          summed ? el('td', { class: 'score' }, [row.score === null ? '–' : formatNumber(row.score * summed.displayScale, summed.decimals)]) : null,
          ...row.values.map((value, index) => el('td', {}, [value === null ? '–' : formatNumber(value, columns[index]!.decimals)])),
        ]),
      ),
    ),
  ]);
  return scrollBox(caption, table);
}

/** Rounds in words for the catalogue: the ranges and how many, for the plural ("quarter 3", "quarters 2–3 and 5"). */
function roundsParams(rounds: readonly number[], words: RoundWords, name = 'rounds'): Record<string, string | number> {
  return { [name]: roundRanges(rounds), [`${name}Count`]: rounds.length, unit: words.unit, units: words.units };
}

/** A side's conduct in words, from the one conduct analysis: breaches of terms in force, and what it did where none bound it. */
export function conductText(row: CooperationRow, words: RoundWords): string {
  const main =
    row.status === 'broke'
      ? t('projector.broke', roundsParams(row.breaches, words))
      : row.status === 'cameBack'
        ? t('projector.cameBack', { ...roundsParams(row.breaches, words), back: row.backOnTerms ?? '' })
        : row.unboundRounds.length === 0
          ? t('projector.kept')
          : t('projector.keptWhenBound');
  if (row.awayWithoutTerms.length === 0) return main;
  return `${main} ${t('projector.awayWithoutTerms', roundsParams(row.awayWithoutTerms, words))}`;
}

/** One row per alliance, one cell per side: kept the terms, broke them when, came back when, and where the server filled in. */
export function cooperationTable(rows: readonly CooperationRow[], scenario: Scenario): HTMLElement {
  const words: RoundWords = { unit: scenario.definition.rounds.unit, units: scenario.definition.rounds.unitPlural };
  const caption = t('projector.cooperationCaption');
  const alliances = [...new Set(rows.map((row) => row.alliance))];
  const cell = (row: CooperationRow | undefined) =>
    row
      ? el('td', { class: `conduct conduct-${row.status}`, 'data-side': row.side }, [
          el('span', { class: 'conduct-mark', 'aria-hidden': 'true' }, [row.status === 'kept' ? '● ' : row.status === 'cameBack' ? '◐ ' : '○ ']),
          el('span', { class: 'conduct-text' }, [conductText(row, words)]),
          row.fallbacks.length > 0 ? el('span', { class: 'fallback-rounds' }, [t('projector.fallbackRounds', roundsParams(row.fallbacks, words))]) : null,
        ])
      : el('td', {}, ['–']);
  const table = el('table', { class: 'data-table cooperation-table', id: 'ws-cooperation' }, [
    el('caption', {}, [caption]),
    header([t('projector.alliance'), ...scenario.definition.sides.map((side) => side.name)]),
    el(
      'tbody',
      {},
      alliances.map((alliance) => {
        const own = rows.filter((row) => row.alliance === alliance);
        return el('tr', { 'data-alliance': String(alliance) }, [el('th', { scope: 'row' }, [own[0]?.name ?? '']), ...scenario.definition.sides.map((side) => cell(own.find((row) => row.side === side.id)))]);
      }),
    ),
  ]);
  return scrollBox(caption, table);
}
