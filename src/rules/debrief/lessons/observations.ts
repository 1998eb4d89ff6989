/**
 * What else this game shows besides the case's lessons: the exit clause, how trust moved, and the
 * stocks that carried the harm. Only what the game shows; nothing when it did not.
 * pattern: Functional Core
 */
import { trustKpi } from '../../scenario/kpi-roles.ts';
import { StatementBuilder, label, sideName, statement, type Statement } from '../statements.ts';
import { sideConduct, type LessonContext } from './lesson-context.ts';

/** A fall in trust smaller than this is noise. */
const TRUST_MOVE = 0.1;

export function exitObservation(context: LessonContext): Statement | null {
  const exit = context.state.exit;
  if (!exit) return null;
  const side = context.sides.find((candidate) => candidate.id === exit.side);
  return statement('observation.alliance-ended', { side: side ? sideName(side) : exit.side, round: exit.round, from: exit.round + 1 });
}

export function trustObservation(context: LessonContext): Statement | null {
  const kpi = trustKpi(context.scenario);
  if (!kpi) return null;
  const values = context.state.history.map((outcome) => outcome.kpis[kpi.side]?.[kpi.id] ?? Number.NaN);
  if (values.length < 2 || values.some((value) => !Number.isFinite(value))) return null;
  const s = new StatementBuilder();
  const trust = (of: string, value: number) => s.amount(of, value * kpi.displayScale, kpi.decimals, kpi.unit);
  const low = Math.min(...values);
  const lowIndex = values.indexOf(low);
  const before = values.slice(0, lowIndex + 1);
  const peak = Math.max(...before);
  const peakIndex = before.lastIndexOf(peak);
  const end = values.at(-1)!;
  const drop = peak - low;
  if (drop >= TRUST_MOVE) {
    const fallIndex = values.findIndex((value, i) => i > peakIndex && value <= low + 0.2 * drop);
    const fallRounds = fallIndex - peakIndex;
    const riseRounds = values.length - 1 - lowIndex;
    const cause = trustCause(context, peakIndex + 1);
    const params = { peak: trust('trust.peak', peak), peakRound: peakIndex + 1, low: trust('trust.low', low), lowRound: lowIndex + 1, fallRounds, end: trust('trust.last', end), riseRounds, ...cause.params };
    s.claim(...cause.claims);
    if (end - low < 0.02 || riseRounds === 0) return s.build(`observation.trust-fell-and-stayed${cause.suffix}`, params);
    const fallRate = (peak - values[fallIndex]!) / Math.max(fallRounds, 1);
    const riseRate = (end - low) / riseRounds;
    const times = fallRate / riseRate;
    if (times >= 1.5) return s.build(`observation.trust-fell-fast${cause.suffix}`, { ...params, times: s.ratio('trust.fallOverRise', times) });
    return s.build(`observation.trust-fell-and-recovered${cause.suffix}`, params);
  }
  if (end - low >= TRUST_MOVE) {
    const halfIndex = values.findIndex((value, i) => i > lowIndex && value >= low + 0.5 * (end - low));
    return s.build('observation.trust-rebuilt', { low: trust('trust.low', low), lowRound: lowIndex + 1, end: trust('trust.last', end), halfRounds: halfIndex - lowIndex });
  }
  return s.build('observation.trust-held', { start: trust('trust.first', values[0]!), end: trust('trust.last', end) });
}

/** What set off a fall in trust that began after `peakRound`: a side's first move away, else an event. */
function trustCause(context: LessonContext, peakRound: number) {
  const within = (round: number) => round >= peakRound && round <= peakRound + 2;
  const move = context.sides
    .map((side) => ({ side, round: sideConduct(context, side).awayRounds[0] ?? 0 }))
    .filter((entry) => entry.round > 0 && within(entry.round))
    .sort((x, y) => x.round - y.round)[0];
  if (move) {
    const broke = sideConduct(context, move.side).breachRounds.includes(move.round);
    return {
      suffix: '-after-move',
      params: { causeSide: sideName(move.side), causeRound: move.round, causeWords: broke ? 'terms' : 'baseline' },
      claims: [{ kind: 'conduct', side: move.side.id, rounds: [move.round], conduct: broke ? 'broke' : 'no-terms' } as const],
    };
  }
  const event = context.eventsRan.find((entry) => within(entry.round));
  if (event) return { suffix: '-after-event', params: { causeEvent: label(event.event.name), causeRound: event.round }, claims: [] };
  return { suffix: '', params: {}, claims: [] };
}

/** The stocks that carried the harm: up to two with a meaningful difference in the harmful direction. */
export function stocksObservation(context: LessonContext): Statement | null {
  const harmful = context.analysis.stocks.filter((change) => change.meaningful && change.harmful).slice(0, 2);
  if (harmful.length === 0) return null;
  const s = new StatementBuilder();
  const part = (change: (typeof harmful)[number], suffix: string) => ({
    [`stock${suffix}`]: label(change.stock.label),
    [`played${suffix}`]: s.amount(`stock.played.${change.stock.variable}`, change.played * change.stock.displayScale, change.stock.decimals, change.stock.unit),
    [`cooperative${suffix}`]: s.amount(`stock.cooperative.${change.stock.variable}`, change.cooperative * change.stock.displayScale, change.stock.decimals, change.stock.unit),
  });
  const [first, second] = harmful;
  return second ? s.build('observation.stocks-two', { ...part(first!, 'A'), ...part(second, 'B') }) : s.build('observation.stocks-one', part(first!, ''));
}
