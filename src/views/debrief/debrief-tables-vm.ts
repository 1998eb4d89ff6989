/**
 * The debrief's tables as view models: the 2×2 payoff table with this game beside its cell, the
 * stocks that carried the harm, and each side's decisions round by round with the conduct marks.
 * Numbers and statements come from the debrief content; this only formats them. Pure; the DOM is
 * built in debrief-sections.ts.
 */
import type { PayoffConduct, SideDefinition } from '../../rules/index.ts';
import type { DecisionTable, PayoffContent, StockRow } from '../../state/debrief/index.ts';
import { formatNumber, t } from '../i18n.ts';
import { formatAmount, renderStatement, unitAfterValue, type RoundWords } from './render-statement.ts';

export interface PayoffCellVm {
  /** "18.0 / 24.8" */
  readonly values: readonly string[];
  /** This game is marked beside this cell. */
  readonly yourGameBeside: boolean;
  /** The cell in words, for a screen reader: who did what and what each earned. */
  readonly label: string;
}

export interface PayoffTableVm {
  readonly caption: string;
  readonly corner: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly header: string; readonly cells: readonly PayoffCellVm[] }[];
  /** Short side names in the order of each cell's values. */
  readonly sideNames: readonly string[];
  /** This game's own numbers, shown beside the cell it is nearest. */
  readonly yourGame: { readonly values: readonly string[]; readonly label: string };
  /** Where the game sits and why, side by side. */
  readonly placement: { readonly text: string; readonly reasons: readonly string[] };
  /** What the table teaches: each quick fix alone and both together, and why a quick fix never came into play. */
  readonly reading: readonly string[];
  readonly notes: readonly string[];
}

const CONDUCTS: readonly PayoffConduct[] = ['kept', 'quick-fix'];

export function payoffTableVm(content: PayoffContent, rounds: number, words: RoundWords): PayoffTableVm {
  const [a, b] = content.sides as [SideDefinition, SideDefinition];
  const conductLabel = (side: SideDefinition, conduct: PayoffConduct) => t(conduct === 'kept' ? 'debrief.conductCooperative' : 'debrief.conductReflex', { side: side.name });
  const money = (value: number | undefined) => formatNumber(value ?? Number.NaN, 1);
  const rows = CONDUCTS.map((first) => ({
    header: conductLabel(a, first),
    cells: CONDUCTS.map((second) => {
      const cell = content.cells.find((candidate) => candidate.conduct.get(a.id) === first && candidate.conduct.get(b.id) === second)!;
      const values = [money(cell.cumulative.get(a.id)), money(cell.cumulative.get(b.id))];
      const label = `${conductLabel(a, first)}; ${conductLabel(b, second)}: ${t('debrief.payoffCell', { sideA: a.shortName, valueA: values[0]!, sideB: b.shortName, valueB: values[1]! })}${cell.yourGameBeside ? ` (${t('debrief.yourGameBeside')})` : ''}`;
      return { values, yourGameBeside: cell.yourGameBeside, label };
    }),
  }));
  const yourValues = [money(content.yourGame.cumulative.get(a.id)), money(content.yourGame.cumulative.get(b.id))];
  const [yourGame, ...rest] = content.statements;
  const reasons = rest.filter((entry) => entry.key.startsWith('payoff.reason-'));
  const reading = rest.filter((entry) => !entry.key.startsWith('payoff.reason-'));
  return {
    caption: t('debrief.payoffCaption', { rounds, units: words.units, sideA: a.shortName, sideB: b.shortName }),
    corner: t('debrief.payoffCorner', { sideA: a.shortName, sideB: b.shortName }),
    columns: CONDUCTS.map((second) => conductLabel(b, second)),
    rows,
    sideNames: [a.shortName, b.shortName],
    yourGame: { values: yourValues, label: `${t('debrief.yourGame')}: ${t('debrief.payoffCell', { sideA: a.shortName, valueA: yourValues[0]!, sideB: b.shortName, valueB: yourValues[1]! })}` },
    placement: { text: yourGame ? renderStatement(yourGame, words) : '', reasons: reasons.map((entry) => renderStatement(entry, words)) },
    reading: reading.map((entry) => renderStatement(entry, words)),
    notes: content.quickFixMeans.map((entry) => renderStatement(entry, words)),
  };
}

export interface StockRowVm {
  readonly label: string;
  readonly unit: string;
  readonly played: string;
  readonly cooperative: string;
  /** "−33 %", or a dash when a percentage would say nothing. */
  readonly change: string;
  /** −1 … 1: the change as a bar, on a scale shared by the rows; 0 when there is no percentage. */
  readonly bar: number;
  readonly harm: boolean;
  readonly gain: boolean;
}

/** The stocks at the end, by their labels and units; harm and gain told apart by the case's own direction of good. */
export function stockRowsVm(rows: readonly StockRow[]): StockRowVm[] {
  const scale = Math.max(0.5, ...rows.map((row) => Math.abs(row.relativeChange ?? 0)));
  return rows.map((row) => {
    const percent = row.relativeChange === null ? null : Math.round(row.relativeChange * 100);
    return {
      label: row.label,
      unit: unitAfterValue(row.unit),
      played: formatAmount(row.played, row.decimals, ''),
      cooperative: formatAmount(row.cooperative, row.decimals, ''),
      change: percent === null ? '–' : `${percent > 0 ? '+' : ''}${formatNumber(percent, 0)} %`,
      bar: row.relativeChange === null ? 0 : Math.max(-1, Math.min(1, row.relativeChange / scale)),
      harm: row.harm,
      gain: row.gain,
    };
  });
}

export interface DecisionCellVm {
  readonly text: string;
  /** A term broken, or the cooperative way left where no terms bound the side: which way, and the value. */
  readonly mark: { readonly kind: 'broke' | 'off-baseline'; readonly direction: 'above' | 'below'; readonly value: string } | null;
}

export interface DecisionTableVm {
  readonly sideId: string;
  readonly caption: string;
  readonly columns: readonly { readonly label: string; readonly unit: string }[];
  readonly rows: readonly { readonly round: number; readonly filledIn: boolean; readonly cells: readonly DecisionCellVm[] }[];
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

/** One table per side: its decisions in every played round, with the conduct analysis's marks. */
export function decisionTablesVm(tables: readonly DecisionTable[], words: RoundWords): DecisionTableVm[] {
  return tables.map((table) => ({
    sideId: table.side.id,
    caption: t('debrief.decisionsCaption', { side: table.side.name, unit: words.unit }),
    columns: table.side.decisions.map((decision) => ({ label: decision.label, unit: decision.unit })),
    rows: table.rows.map((row) => ({
      round: row.round,
      filledIn: row.filledIn,
      cells: row.cells.map((cell) => {
        const decimals = decimalsOf(cell.decision.step);
        const named = (value: number) => cell.decision.choices?.find((choice) => choice.value === value)?.label ?? formatNumber(value, decimals);
        const text = cell.value === undefined ? '–' : named(cell.value);
        const mark = cell.mark ? { kind: cell.mark.kind, direction: cell.mark.bound === 'at-most' ? ('above' as const) : ('below' as const), value: named(cell.mark.value) } : null;
        return { text, mark };
      }),
    })),
  }));
}
