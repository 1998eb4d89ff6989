/**
 * The lessons of one game: three to five observations chosen by what this game's numbers show,
 * each a message key with its numbers (and the scenario's own names). The words live in the
 * locale files (src/locales/<language>/debrief.json, under `lesson.<key>`).
 * pattern: Functional Core
 */
import type { Scenario } from '../scenario/load-scenario.ts';
import type { KpiDefinition, SideDefinition } from '../scenario/scenario-schema.ts';
import type { GameState } from '../game/game-state.ts';
import type { RoundOutcome } from '../game/simulate-rounds.ts';
import type { DebriefAnalysis, HarmCarrier, PayoffCell } from './debrief-analysis.ts';
import { breaches, cooperativeOutcomes, exitDips, openingPath, switchRound, type PathProfit } from './debrief-paths.ts';

/** Every lesson the debrief can give; each has a text `lesson.<key>` in the locale files. */
export const LESSON_KEYS = [
  'alliance-ended',
  'worse-before-better',
  'worse-before-better-both',
  'cooperation-paid',
  'cooperation-held',
  'reflex-paid-then-cost',
  'reflex-paid-then-cost-once',
  'yardsticks-diverged',
  'yardsticks-differ',
  'harm-travelled',
  'swing-costs-saved',
  'swing-costs-paid',
  'trust-fell-fast',
  'trust-fell-and-recovered',
  'trust-fell-and-stayed',
  'trust-rebuilt',
  'trust-held',
  'harm-carried-by',
  'harm-carried-by-two',
  'damage-outlived',
  'damage-outlived-losses',
  'reflex-is-a-trap',
  'reflex-shifts-profit',
  'game-result',
] as const;

export type LessonKey = (typeof LESSON_KEYS)[number];

/** Why something began: a side's first move against the agreed terms, or an event. */
export const CAUSE_KEYS = ['cause-breach', 'cause-event'] as const;
export type CauseKey = (typeof CAUSE_KEYS)[number];

export type LessonParams = Readonly<Record<string, string | number>>;

export interface Lesson {
  readonly key: LessonKey;
  /** Numbers already rounded to what is worth reading ($M to 0.1, trust to 0.01, % whole). */
  readonly params: LessonParams;
  /** A second sentence naming what set it off, when the game shows it. */
  readonly cause?: { readonly key: CauseKey; readonly params: LessonParams };
  /** Decimals to show for a number that has its own (a KPI's value, e.g. 100.0 units). */
  readonly decimals?: Readonly<Record<string, number>>;
}

const MAX_LESSONS = 5;
const MIN_DROP = 0.1;
const SIGNIFICANT = 0.1;

const money = (value: number): number => Math.round(value * 10) / 10;
const share = (value: number): number => Math.round(value * 100) / 100;
const percent = (fraction: number): number => Math.round(fraction * 100);
const significant = (value: number): number => Number(value.toPrecision(3));

interface Candidate {
  readonly priority: number;
  readonly lesson: Lesson;
}

interface Context {
  readonly scenario: Scenario;
  readonly state: GameState;
  readonly analysis: DebriefAnalysis;
  readonly sides: readonly SideDefinition[];
  readonly name: (sideId: string) => string;
  readonly broke: Record<string, boolean[]>;
  readonly rounds: number;
}

/**
 * Return the three to five lessons this game teaches, most telling first. Which ones appear
 * depends on what happened: who broke the agreed terms and when, whether and when that paid,
 * where the harm was stored, how trust moved, and what a switch to the alliance terms cost first.
 */
export function lessonsFor(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): Lesson[] {
  const sides = scenario.definition.sides;
  if (state.history.length === 0) return [];
  const context: Context = {
    scenario,
    state,
    analysis,
    sides,
    name: (sideId) => sides.find((side) => side.id === sideId)?.name ?? sideId,
    broke: breaches(scenario, state),
    rounds: state.history.length,
  };
  const opening = openingPath(scenario, state);
  const candidates: Candidate[] = [];
  const add = (priority: number, lesson: Lesson | null): void => {
    if (lesson) candidates.push({ priority, lesson });
  };

  if (state.exit) add(99, { key: 'alliance-ended', params: { side: context.name(state.exit.side), round: state.exit.round, from: state.exit.round + 1 } });
  const switched = opening ? worseBeforeBetter(context, opening) : null;
  add(100, switched);
  add(97, cooperation(context));
  reflexPaidThenCost(context).forEach((lesson, i) => add(i === 0 ? 95 : 62, lesson));
  const yardsticks = yardstickLesson(context);
  add(yardsticks?.key === 'yardsticks-diverged' ? 92 : 50, yardsticks);
  add(90, harmTravelled(context));
  add(88, swingCosts(context, opening));
  const trust = trustLesson(context);
  if (trust) add(trust.key === 'trust-held' ? 40 : trust.key === 'trust-rebuilt' ? 65 : 85, trust);
  add(80, harmCarriedBy(analysis.harmCarriers));
  if (!switched) add(75, damageOutlived(context));
  add(70, payoffLesson(context));
  add(45, gameResult(context));

  return candidates
    .map((candidate, index) => ({ ...candidate, index }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .slice(0, MAX_LESSONS)
    .map((candidate) => candidate.lesson);
}

function worseBeforeBetter(context: Context, opening: PathProfit): Lesson | null {
  const results = exitDips(context.scenario, context.state, context.analysis, opening).map((dip) => ({
    side: context.sides.find((side) => side.id === dip.side)!,
    from: dip.switchRound,
    behind: dip.behindRounds,
    cost: money(dip.cost),
    payback: dip.paybackRound,
    gain: money(dip.gain),
  }));
  const [first, second] = results;
  if (!first) return null;
  if (second && second.from === first.from) {
    return {
      key: 'worse-before-better-both',
      params: {
        switchRound: first.from,
        sideA: first.side.name,
        behindA: first.behind,
        costA: first.cost,
        paybackA: first.payback,
        gainA: first.gain,
        sideB: second.side.name,
        behindB: second.behind,
        costB: second.cost,
        paybackB: second.payback,
        gainB: second.gain,
      },
    };
  }
  const best = second && second.gain > first.gain ? second : first;
  return {
    key: 'worse-before-better',
    params: { side: best.side.name, switchRound: best.from, behindRounds: best.behind, cost: best.cost, paybackRound: best.payback, gain: best.gain },
  };
}

function cell(payoff: readonly PayoffCell[], conduct: Readonly<Record<string, string>>): PayoffCell | undefined {
  return payoff.find((candidate) => Object.entries(conduct).every(([side, value]) => candidate.conduct[side] === value));
}

function cooperation(context: Context): Lesson | null {
  const [a, b] = context.sides;
  const conduct = context.analysis.played.conduct;
  if (conduct[a!.id] !== 'cooperative' || conduct[b!.id] !== 'cooperative') return null;
  const played = context.analysis.played.cumulativeProfit;
  const bothReflex = cell(context.analysis.payoff, { [a!.id]: 'reflex', [b!.id]: 'reflex' });
  const base = { sideA: a!.name, cumA: money(played[a!.id]!), sideB: b!.name, cumB: money(played[b!.id]!) };
  if (!bothReflex) return { key: 'cooperation-held', params: base };
  const joint = (values: Readonly<Record<string, number>>) => values[a!.id]! + values[b!.id]!;
  if (Math.abs(joint(bothReflex.cumulativeProfit) - joint(played)) < 0.5) return { key: 'cooperation-held', params: base };
  return { key: 'cooperation-paid', params: { ...base, reflexA: money(bothReflex.cumulativeProfit[a!.id]!), reflexB: money(bothReflex.cumulativeProfit[b!.id]!) } };
}

function reflexPaidThenCost(context: Context): Lesson[] {
  const { analysis } = context;
  const found = analysis.crossings.flatMap((crossing) => {
    if (analysis.played.conduct[crossing.side] !== 'reflex' || crossing.round === null) return [];
    const ahead = crossing.aheadRounds.filter((round) => round < crossing.round!);
    const gap = analysis.cooperative.cumulativeProfit[crossing.side]! - analysis.played.cumulativeProfit[crossing.side]!;
    if (ahead.length === 0 || gap < 0.05) return [];
    const played = analysis.played.profit[crossing.side]!;
    const cooperative = analysis.cooperative.profit[crossing.side]!;
    const gain = ahead.reduce((total, round) => total + played[round - 1]! - cooperative[round - 1]!, 0);
    return [{ side: crossing.side, ahead, gain, gap, crossing: crossing.round }];
  });
  found.sort((x, y) => y.ahead.length - x.ahead.length || y.gap - x.gap);
  return found.map((entry) => ({
    key: entry.ahead.length === 1 ? 'reflex-paid-then-cost-once' : 'reflex-paid-then-cost',
    params: {
      side: context.name(entry.side),
      aheadRounds: entry.ahead.length,
      firstAhead: entry.ahead[0]!,
      lastAhead: entry.ahead.at(-1)!,
      gain: money(entry.gain),
      crossingRound: entry.crossing,
      cumulativeGap: money(entry.gap),
    },
  }));
}

function kpiOf(scenario: Scenario, side: string, id: string): KpiDefinition | undefined {
  return scenario.definition.kpis.find((kpi) => kpi.side === side && kpi.id === id);
}

function kpiSeries(state: GameState, kpi: KpiDefinition): number[] {
  return state.history.map((outcome) => outcome.kpis[kpi.side]?.[kpi.id] ?? Number.NaN);
}

function yardstickLesson(context: Context): Lesson | null {
  const measured = context.sides.flatMap((side) => {
    const kpi = kpiOf(context.scenario, side.id, side.yardstick);
    if (!kpi) return [];
    const values = kpiSeries(context.state, kpi);
    const first = values[0]!;
    const last = values.at(-1)!;
    const change = (last - first) / Math.max(Math.abs(first), 1e-9);
    const round = (value: number) => Number((value * kpi.displayScale).toFixed(kpi.decimals));
    return [{ side, kpi, first: round(first), last: round(last), better: kpi.higherIsBetter ? change > 0 : change < 0, large: Math.abs(change) >= SIGNIFICANT }];
  });
  const [a, b] = measured;
  if (!a || !b) return null;
  const params = {
    sideA: a.side.name,
    yardstickA: a.kpi.label,
    firstA: a.first,
    lastA: a.last,
    unitA: a.kpi.unit,
    sideB: b.side.name,
    yardstickB: b.kpi.label,
    firstB: b.first,
    lastB: b.last,
    unitB: b.kpi.unit,
  };
  const diverged = a.large && b.large && a.better !== b.better;
  const decimals = { firstA: a.kpi.decimals, lastA: a.kpi.decimals, firstB: b.kpi.decimals, lastB: b.kpi.decimals };
  return { key: diverged ? 'yardsticks-diverged' : 'yardsticks-differ', params, decimals };
}

function harmTravelled(context: Context): Lesson | null {
  const hurts = context.analysis.firstHurts
    .filter((hurt) => hurt.hurtRound !== null && hurt.partnerLoss > 0.1)
    .sort((x, y) => x.moveRound - y.moveRound || y.partnerLoss - x.partnerLoss);
  const hurt = hurts[0];
  if (!hurt) return null;
  return {
    key: 'harm-travelled',
    params: { side: context.name(hurt.by), partner: context.name(hurt.to), moveRound: hurt.moveRound, hurtRound: hurt.hurtRound!, partnerLoss: money(hurt.partnerLoss) },
  };
}

/** KPIs that are money spent on handling the swings: $M, where less is better. */
function costKpis(scenario: Scenario): KpiDefinition[] {
  return scenario.definition.kpis.filter((kpi) => !kpi.higherIsBetter && kpi.unit.startsWith('$M'));
}

function totalCost(outcomes: readonly RoundOutcome[], kpis: readonly KpiDefinition[], fromRound: number): number {
  return outcomes.slice(fromRound - 1).reduce((total, outcome) => total + kpis.reduce((sum, kpi) => sum + (outcome.kpis[kpi.side]?.[kpi.id] ?? 0), 0), 0);
}

function swingCosts(context: Context, opening: PathProfit | null): Lesson | null {
  const kpis = costKpis(context.scenario);
  if (kpis.length === 0) return null;
  const costs = kpis.map((kpi) => `${kpi.label.toLowerCase()}, ${context.name(kpi.side)}`).join('; ');
  const switches = context.sides.map((side) => switchRound(context.broke[side.id]!)).filter((round): round is number => round !== null);
  const played = context.state.history;
  if (opening && switches.length > 0) {
    const from = Math.min(...switches);
    const mine = totalCost(played, kpis, from);
    const habit = totalCost(opening.outcomes, kpis, from);
    if (habit - mine < 0.25 * habit) return null;
    return { key: 'swing-costs-saved', params: { costs, fromRound: from, played: money(mine), habit: money(habit), saved: money(habit - mine) } };
  }
  if (context.sides.every((side) => context.analysis.played.conduct[side.id] === 'cooperative')) return null;
  const cooperative = cooperativeOutcomes(context.scenario, context.state);
  const mine = totalCost(played, kpis, 1);
  const theirs = totalCost(cooperative, kpis, 1);
  if (mine - theirs < 0.25 * theirs) return null;
  return { key: 'swing-costs-paid', params: { costs, played: money(mine), cooperative: money(theirs), extra: money(mine - theirs) } };
}

function trustLesson(context: Context): Lesson | null {
  const kpi = kpiOf(context.scenario, 'alliance', 'trust');
  if (!kpi) return null;
  const values = kpiSeries(context.state, kpi);
  const low = Math.min(...values);
  const lowIndex = values.indexOf(low);
  const before = values.slice(0, lowIndex + 1);
  const peak = Math.max(...before);
  const peakIndex = before.lastIndexOf(peak);
  const end = values.at(-1)!;
  const drop = peak - low;
  if (drop >= MIN_DROP) {
    const fallIndex = values.findIndex((value, i) => i > peakIndex && value <= low + 0.2 * drop);
    const fallRounds = fallIndex - peakIndex;
    const riseRounds = values.length - 1 - lowIndex;
    const base = { from: share(peak), fromRound: peakIndex + 1, low: share(low), lowRound: lowIndex + 1, fallRounds, end: share(end), riseRounds };
    const cause = trustCause(context, peakIndex + 1);
    const withCause = (lesson: Lesson): Lesson => (cause ? { ...lesson, cause } : lesson);
    if (end - low < 0.02 || riseRounds === 0) return withCause({ key: 'trust-fell-and-stayed', params: base });
    const fallRate = (peak - values[fallIndex]!) / Math.max(fallRounds, 1);
    const riseRate = (end - low) / riseRounds;
    const times = Math.round((fallRate / riseRate) * 10) / 10;
    return withCause(times >= 1.5 ? { key: 'trust-fell-fast', params: { ...base, times } } : { key: 'trust-fell-and-recovered', params: base });
  }
  if (end - low >= MIN_DROP) {
    const halfIndex = values.findIndex((value, i) => i > lowIndex && value >= low + 0.5 * (end - low));
    return { key: 'trust-rebuilt', params: { low: share(low), lowRound: lowIndex + 1, end: share(end), halfRounds: halfIndex - lowIndex } };
  }
  return { key: 'trust-held', params: { start: share(values[0]!), end: share(end) } };
}

/** What set off a fall in trust that began after `peakRound`: a side's first breach, else an event. */
function trustCause(context: Context, peakRound: number): Lesson['cause'] | undefined {
  const window = (round: number) => round >= peakRound && round <= peakRound + 2;
  const breach = context.sides
    .map((side) => ({ side, round: context.broke[side.id]!.indexOf(true) + 1 }))
    .filter((entry) => entry.round > 0 && window(entry.round))
    .sort((x, y) => x.round - y.round)[0];
  if (breach) return { key: 'cause-breach', params: { side: breach.side.name, round: breach.round } };
  const event = [...context.state.events].filter((scheduled) => window(scheduled.round)).sort((x, y) => x.round - y.round)[0];
  const definition = event && context.scenario.definition.events.find((candidate) => candidate.id === event.eventId);
  if (event && definition) return { key: 'cause-event', params: { event: definition.name, round: event.round } };
  return undefined;
}

/**
 * A difference worth naming in per cent: at least 10 %, on a stock that is not all but empty on
 * either path (against an empty stock a percentage says nothing).
 */
function meaningful(carrier: HarmCarrier): boolean {
  const large = Math.max(Math.abs(carrier.played), Math.abs(carrier.cooperative));
  const small = Math.min(Math.abs(carrier.played), Math.abs(carrier.cooperative));
  return Math.abs(carrier.relativeChange) >= SIGNIFICANT && large >= 1e-3 && small >= 0.02 * large;
}

function harmCarriedBy(carriers: readonly HarmCarrier[]): Lesson | null {
  const [first, second] = carriers.filter(meaningful);
  if (!first) return null;
  if (!second) {
    return {
      key: 'harm-carried-by',
      params: { variable: first.variable, played: significant(first.played), cooperative: significant(first.cooperative), change: percent(first.relativeChange) },
    };
  }
  return { key: 'harm-carried-by-two', params: { variable: first.variable, change: percent(first.relativeChange), variable2: second.variable, change2: percent(second.relativeChange) } };
}

function damageOutlived(context: Context): Lesson | null {
  const movers = context.sides.filter((side) => context.broke[side.id]!.includes(true));
  if (movers.length === 0) return null;
  const returns = movers.map((side) => switchRound(context.broke[side.id]!));
  if (returns.some((round) => round === null)) return null;
  const from = Math.max(...(returns as number[]));
  const { played, cooperative } = context.analysis;
  const worst = context.sides
    .map((side) => {
      const mine = played.profit[side.id]!.slice(from - 1);
      const theirs = cooperative.profit[side.id]!.slice(from - 1);
      return { side, behind: mine.filter((value, i) => value < theirs[i]! - 0.01).length, losses: mine.filter((value) => value < 0).length };
    })
    .sort((x, y) => y.behind - x.behind || y.losses - x.losses)[0]!;
  if (worst.behind < 2) return null;
  const params = { side: worst.side.name, returnRound: from, behindRounds: worst.behind, remaining: context.rounds - from + 1, lossRounds: worst.losses };
  return { key: worst.losses > 0 ? 'damage-outlived-losses' : 'damage-outlived', params };
}

function payoffLesson(context: Context): Lesson | null {
  const [a, b] = context.sides;
  const payoff = context.analysis.payoff;
  const both = cell(payoff, { [a!.id]: 'cooperative', [b!.id]: 'cooperative' });
  const aloneA = cell(payoff, { [a!.id]: 'reflex', [b!.id]: 'cooperative' });
  const aloneB = cell(payoff, { [a!.id]: 'cooperative', [b!.id]: 'reflex' });
  if (!both || !aloneA || !aloneB) return null;
  const coop = both.cumulativeProfit;
  const ownA = aloneA.cumulativeProfit[a!.id]! - coop[a!.id]!;
  const ownB = aloneB.cumulativeProfit[b!.id]! - coop[b!.id]!;
  if (ownA < -0.1 && ownB < -0.1) {
    return {
      key: 'reflex-is-a-trap',
      params: { sideA: a!.name, aloneA: money(aloneA.cumulativeProfit[a!.id]!), coopA: money(coop[a!.id]!), sideB: b!.name, aloneB: money(aloneB.cumulativeProfit[b!.id]!), coopB: money(coop[b!.id]!) },
    };
  }
  const options = [
    { side: a!, partner: b!, alone: aloneA, gain: ownA },
    { side: b!, partner: a!, alone: aloneB, gain: ownB },
  ].filter((option) => option.gain > 0.1);
  options.sort((x, y) => y.gain - x.gain);
  const best = options[0];
  if (!best) return null;
  const partnerLoss = coop[best.partner.id]! - best.alone.cumulativeProfit[best.partner.id]!;
  if (partnerLoss <= best.gain) return null;
  const joint = (values: Readonly<Record<string, number>>) => values[a!.id]! + values[b!.id]!;
  return {
    key: 'reflex-shifts-profit',
    params: {
      side: best.side.name,
      gain: money(best.gain),
      partner: best.partner.name,
      partnerLoss: money(partnerLoss),
      jointReflex: money(joint(best.alone.cumulativeProfit)),
      jointCooperative: money(joint(coop)),
    },
  };
}

function gameResult(context: Context): Lesson | null {
  const [a, b] = context.sides;
  const { played, cooperative } = context.analysis;
  const same = context.sides.every((side) => Math.abs(played.cumulativeProfit[side.id]! - cooperative.cumulativeProfit[side.id]!) < 0.05);
  if (same) return null;
  return {
    key: 'game-result',
    params: {
      sideA: a!.name,
      cumA: money(played.cumulativeProfit[a!.id]!),
      coopA: money(cooperative.cumulativeProfit[a!.id]!),
      sideB: b!.name,
      cumB: money(played.cumulativeProfit[b!.id]!),
      coopB: money(cooperative.cumulativeProfit[b!.id]!),
    },
  };
}
