/**
 * The debrief's tables and texts as plain data: the lessons in words, the 2×2 payoff table, the
 * stocks that carried the harm, and each side's decisions round by round. Pure; the DOM is built
 * in debrief-sections.ts.
 */
import { brokeFaith, type DebriefAnalysis, type DecisionDefinition, type GameState, type Scenario, type SideDefinition } from '../../rules/index.ts';
import { conductTimeline, type PathProfit } from '../../rules/debrief/debrief-paths.ts';
import type { Lesson, LessonParams } from '../../rules/debrief/lessons.ts';
import { roundsText } from '../charts/marked-line-chart-vm.ts';
import type { RoundWords } from '../charts/debrief-charts-vm.ts';
import { formatNumber, messageTemplate, t } from '../i18n.ts';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A lesson's number as people read it, with a real minus sign: money ($M) with one decimal,
 * a fraction below 1 (trust) with two, whole numbers (rounds, counts, per cent) as they are.
 */
export function formatParam(value: string | number, kind: 'money' | 'number' = 'number', decimals?: number): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  const clean = Object.is(value, -0) ? 0 : value;
  if (decimals !== undefined) return formatNumber(clean, decimals);
  if (kind === 'money') return formatNumber(clean, 1);
  if (!Number.isInteger(clean) && Math.abs(clean) < 1) return formatNumber(clean, 2);
  return numberFormat.format(clean).replace(/^-/, '−');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fill(key: string, params: LessonParams, words: RoundWords, decimals: Readonly<Record<string, number>> = {}): string {
  // The template says which numbers are money: those written "{name} $M".
  const template = messageTemplate(key);
  const formatted = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, formatParam(value, template.includes(`{${name}} $M`) ? 'money' : 'number', decimals[name])]),
  );
  const text = t(key, { ...formatted, unit: words.unit, units: words.units });
  // "1 quarters" → "1 quarter": counts come in as numbers, the words as the plural.
  return text.replace(new RegExp(`(^|[^\\d.,])1 ${escapeRegExp(words.units)}\\b`, 'g'), `$11 ${words.unit}`);
}

/** Return a lesson (and what set it off) as one paragraph of text from the locale's templates. */
export function lessonText(lesson: Lesson, words: RoundWords): string {
  const main = fill(`debrief.lesson.${lesson.key}`, lesson.params, words, lesson.decimals);
  return lesson.cause ? `${main} ${fill(`debrief.lesson.${lesson.cause.key}`, lesson.cause.params, words)}` : main;
}

export interface PayoffCellVm {
  /** "18.0 / 24.8" */
  readonly values: readonly string[];
  readonly isThisGame: boolean;
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
  readonly notes: readonly string[];
}

/** The 2×2 table: rows the first side's conduct, columns the second's; this game's cell flagged. */
export function payoffTableVm(scenario: Scenario, state: GameState, analysis: DebriefAnalysis, opening: PathProfit | null, words: RoundWords): PayoffTableVm {
  const a = scenario.definition.sides[0]!;
  const b = scenario.definition.sides[1]!;
  const conducts = ['cooperative', 'reflex'] as const;
  const conductLabel = (side: SideDefinition, conduct: (typeof conducts)[number]) => t(conduct === 'cooperative' ? 'debrief.conductCooperative' : 'debrief.conductReflex', { side: side.name });
  const rounds = state.history.length;
  const rows = conducts.map((first) => ({
    header: conductLabel(a, first),
    cells: conducts.map((second) => {
      const cell = analysis.payoff.find((candidate) => candidate.conduct[a.id] === first && candidate.conduct[b.id] === second);
      const valueA = formatNumber(cell?.cumulativeProfit[a.id] ?? Number.NaN, 1);
      const valueB = formatNumber(cell?.cumulativeProfit[b.id] ?? Number.NaN, 1);
      const label = `${conductLabel(a, first)}; ${conductLabel(b, second)}: ${t('debrief.payoffCell', { sideA: a.shortName, valueA, sideB: b.shortName, valueB })} $M${cell?.isThisGame ? ` (${t('debrief.yourGame')})` : ''}`;
      return { values: [valueA, valueB], isThisGame: cell?.isThisGame ?? false, label };
    }),
  }));
  const notes: string[] = [];
  for (const side of [a, b]) {
    const reflex = scenario.definition.strategies[side.id]?.['reflex'];
    if (reflex) notes.push(t('debrief.payoffQuickFixMeans', { side: side.name, description: reflex.description }));
  }
  const timeline = conductTimeline(scenario, state);
  for (const side of [a, b]) {
    const broke = timeline[side.id]?.breaches ?? [];
    if (broke.length > 0) notes.push(t('debrief.payoffYourConduct', { side: side.name, roundsText: roundsText(broke, words.unit, words.units) }));
  }
  if (opening) {
    notes.push(t('debrief.payoffOpening', { sideA: a.name, valueA: formatNumber(opening.cumulativeProfit[a.id] ?? Number.NaN, 1), sideB: b.name, valueB: formatNumber(opening.cumulativeProfit[b.id] ?? Number.NaN, 1) }));
  }
  return {
    caption: t('debrief.payoffCaption', { rounds, units: words.units, sideA: a.shortName, sideB: b.shortName }),
    corner: t('debrief.payoffCorner', { sideA: a.shortName, sideB: b.shortName }),
    columns: conducts.map((second) => conductLabel(b, second)),
    rows,
    sideNames: [a.shortName, b.shortName],
    notes,
  };
}

export interface HarmRowVm {
  readonly variable: string;
  readonly units: string;
  readonly played: string;
  readonly cooperative: string;
  /** "−33 %", or a phrase when the cooperative path's stock is all but empty. */
  readonly change: string;
  /** −1 … 1: the change as a bar, on a scale shared by the rows; 0 when there is no meaningful percentage. */
  readonly bar: number;
}

const significant = (value: number): string => (Number.isFinite(value) ? new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }).format(value).replace(/^-/, '−') : '–');

export interface HarmVm {
  readonly rows: readonly HarmRowVm[];
  /** The largest meaningful difference in one sentence, or that there was none. */
  readonly takeaway: string;
}

/** The stocks the debrief examines, largest meaningful difference first, with their model units. */
export function harmVm(scenario: Scenario, analysis: DebriefAnalysis): HarmVm {
  let takeaway = t('debrief.harmNone');
  const rows = analysis.harmCarriers.map((carrier) => {
    const output = scenario.model.outputs.find((candidate) => candidate.label === carrier.variable || candidate.id === carrier.variable);
    const units = output?.units === undefined || output.units === 'dimensionless' ? '' : output.units;
    const large = Math.max(Math.abs(carrier.played), Math.abs(carrier.cooperative));
    // Against an (almost) empty stock a percentage says nothing; say so instead.
    const bothEmpty = large < 1e-3;
    const fromEmpty = !bothEmpty && Math.abs(carrier.cooperative) < 0.02 * large;
    const percent = Math.round(carrier.relativeChange * 100) || 0;
    const change = `${percent > 0 ? '+' : ''}${formatParam(percent)}`;
    const meaningful = !bothEmpty && !fromEmpty;
    return {
      variable: carrier.variable,
      units,
      played: significant(carrier.played),
      cooperative: significant(carrier.cooperative),
      change: bothEmpty ? t('debrief.harmBothNearZero') : fromEmpty ? t('debrief.harmNearZero') : `${change} %`,
      bar: meaningful ? Math.max(-1, Math.min(1, carrier.relativeChange)) : 0,
      order: meaningful ? Math.abs(carrier.relativeChange) : -1,
      changeText: change,
    };
  });
  rows.sort((x, y) => y.order - x.order);
  const top = rows[0];
  if (top && top.order >= 0.1) takeaway = t('debrief.harmTop', { variable: top.variable, change: top.changeText });
  // Bars share one scale, so that the longest is full width (and at least ±50 % fills half of it).
  const scale = Math.max(0.5, ...rows.map((row) => Math.abs(row.bar)));
  return { rows: rows.map(({ order: _order, changeText: _change, ...row }) => ({ ...row, bar: row.bar / scale })), takeaway };
}

export interface DecisionCellVm {
  readonly text: string;
  /** Set when the value moved against the agreed terms: which way, and the agreed value. */
  readonly breach: { readonly direction: 'above' | 'below'; readonly agreed: string } | null;
}

export interface DecisionTableVm {
  readonly sideId: string;
  readonly caption: string;
  readonly columns: readonly { readonly label: string; readonly unit: string }[];
  readonly rows: readonly { readonly round: number; readonly cells: readonly DecisionCellVm[] }[];
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

function decisionCell(side: SideDefinition, decision: DecisionDefinition, value: number | undefined): DecisionCellVm {
  if (value === undefined) return { text: '–', breach: null };
  const decimals = decimalsOf(decision.step);
  const text = decision.choices?.find((choice) => choice.value === value)?.label ?? formatNumber(value, decimals);
  // The rule itself decides what counts as a breach, asked about this one decision.
  const broke = brokeFaith({ ...side, decisions: [decision] }, { [decision.id]: value });
  if (!broke) return { text, breach: null };
  const agreedValue = decision.agreed ?? decision.default;
  const agreed = decision.choices?.find((choice) => choice.value === agreedValue)?.label ?? formatNumber(agreedValue, decimals);
  return { text, breach: { direction: decision.goodFaith === 'lower' ? 'above' : 'below', agreed } };
}

/** One table per side: its decisions in every played round, with breaches of the agreed terms marked. */
export function decisionTablesVm(scenario: Scenario, state: GameState, words: RoundWords): DecisionTableVm[] {
  return scenario.definition.sides.map((side) => ({
    sideId: side.id,
    caption: t('debrief.decisionsCaption', { side: side.name, unit: words.unit }),
    columns: side.decisions.map((decision) => ({ label: decision.label, unit: decision.unit })),
    rows: state.history.map((outcome) => ({
      round: outcome.round,
      cells: side.decisions.map((decision) => decisionCell(side, decision, outcome.decisions[side.id]?.[decision.id])),
    })),
  }));
}
