/**
 * The lessons about the market and the way out: good times are stable; the bullwhip; worse before
 * better; both win; and the goal mismatch (each side steers by its own yardstick, and its move was
 * sensible by it). Each returns the lesson when the game's numbers show it, else a line saying why not.
 * pattern: Functional Core
 */
import { costKpis, profitKpi, trustKpi, yardstickKpi } from '../../scenario/kpi-roles.ts';
import type { SideDefinition } from '../../scenario/scenario-schema.ts';
import { finalValue, type Path } from '../paths.ts';
import type { HabitSwitch } from '../debrief-analysis.ts';
import { StatementBuilder, labelList, label, sideName, statement, type Statement } from '../statements.ts';
import { firstMoveWords, lesson, sideConduct, type Lesson, type LessonContext } from './lesson-context.ts';

const NOTICEABLE = 0.05;
/** A drop in profit below round 1 that good times may show (noise, seasons). */
const STABLE_DROP = 0.1;
/** Orders that swing this many times as much as the demand they serve are a bullwhip. */
const BULLWHIP = 2;
/** A yardstick moved if it changed by this fraction of its first value. */
const YARDSTICK_MOVE = 0.1;

export function goodTimesStable(context: LessonContext): Lesson {
  const kind = 'good-times-stable';
  const event = context.eventsRan[0];
  if (event) return lesson(kind, false, statement(`lesson.${kind}.not.event`, { event: label(event.event.name), round: event.round }));
  const mover = context.sides.find((side) => sideConduct(context, side).awayRounds.length > 0);
  if (mover) {
    const round = sideConduct(context, mover).awayRounds[0]!;
    return lesson(kind, false, new StatementBuilder().claim({ kind: 'conduct', side: mover.id, rounds: [round], conduct: 'away' }).build(`lesson.${kind}.not.moves`, { side: sideName(mover), round }));
  }
  const drops = context.sides.map((side) => {
    const profit = context.state.history.map((outcome) => outcome.kpis[side.id]?.[profitKpi(context.scenario, side.id).id] ?? Number.NaN);
    const first = profit[0]!;
    return { side, drop: first > 0 ? Math.max(0, (first - Math.min(...profit)) / first) : Number.NaN };
  });
  const s = new StatementBuilder();
  const fell = drops.find((entry) => !(entry.drop <= STABLE_DROP));
  if (fell) return lesson(kind, false, s.build(`lesson.${kind}.not.profit-fell`, { side: sideName(fell.side), drop: s.percent(`profitDrop.${fell.side.id}`, fell.drop) }));
  const worst = Math.max(...drops.map((entry) => entry.drop));
  const trust = trustKpi(context.scenario);
  const params = { drop: s.percent('profitDrop.largest', worst), dropNone: String(worst < 0.005) };
  if (!trust) return lesson(kind, true, s.build(`lesson.${kind}.shown`, params));
  const values = context.state.history.map((outcome) => outcome.kpis[trust.side]?.[trust.id] ?? Number.NaN);
  return lesson(
    kind,
    true,
    s.build(`lesson.${kind}.shown-trust`, {
      ...params,
      trustStart: s.amount('trust.first', values[0]! * trust.displayScale, trust.decimals, trust.unit),
      trustEnd: s.amount('trust.last', values.at(-1)! * trust.displayScale, trust.decimals, trust.unit),
    }),
  );
}

function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

/** How many times as much a series swings as the demand it serves, over the game. */
function swing(path: Path, variable: string, demand: string): number {
  return standardDeviation(path.perTimeUnit.get(variable) ?? []) / standardDeviation(path.perTimeUnit.get(demand) ?? []);
}

function totalCost(context: LessonContext, path: Path): number {
  return path.outcomes.reduce((total, outcome) => total + costKpis(context.scenario).reduce((sum, kpi) => sum + (outcome.kpis[kpi.side]?.[kpi.id] ?? 0), 0), 0);
}

export function bullwhip(context: LessonContext): Lesson {
  const kind = 'bullwhip';
  const variables = context.scenario.definition.debrief.bullwhip!;
  const { played, cooperative } = context.analysis;
  const s = new StatementBuilder();
  const ordersSwing = swing(played, variables.orders, variables.demand);
  const cooperativeSwing = swing(cooperative, variables.orders, variables.demand);
  if (!(ordersSwing >= BULLWHIP)) return lesson(kind, false, s.build(`lesson.${kind}.not.steady`, { swing: s.ratio('swing.orders.played', ordersSwing) }));
  const params = {
    swing: s.ratio('swing.orders.played', ordersSwing),
    cooperativeSwing: s.ratio('swing.orders.cooperative', cooperativeSwing),
    ...(variables.production ? { productionSwing: s.ratio('swing.production.played', swing(played, variables.production, variables.demand)) } : {}),
  };
  const main = s.build(variables.production ? `lesson.${kind}.shown-production` : `lesson.${kind}.shown`, params);
  if (costKpis(context.scenario).length === 0) return lesson(kind, true, main);
  const c = new StatementBuilder();
  const costs = costKpis(context.scenario).map((kpi) => kpi.label);
  return lesson(kind, true, main, c.build(`lesson.${kind}.costs`, { costs: labelList(costs), played: c.money('swingCost.played', totalCost(context, played)), cooperative: c.money('swingCost.cooperative', totalCost(context, cooperative)) }));
}

export function worseBeforeBetter(context: LessonContext): Lesson {
  const kind = 'worse-before-better';
  const opening = context.analysis.opening;
  if (!opening) return lesson(kind, false, statement(`lesson.${kind}.not.no-habit`));
  const switches = context.sides.flatMap((side) => {
    const found = context.analysis.switches.get(side.id);
    return found ? [{ ...found, side }] : [];
  });
  if (switches.length === 0) return lesson(kind, false, statement(`lesson.${kind}.not.no-switch`));
  const claim = (entry: Switch) => ({ kind: 'conduct', side: entry.side.id, rounds: Array.from({ length: context.rounds - entry.from + 1 }, (_, i) => entry.from + i), conduct: 'cooperative-way' }) as const;
  const s = new StatementBuilder().claim(...switches.map(claim));
  const dips = switches.filter((entry) => entry.behind > 0);
  if (dips.length === 0) return lesson(kind, false, s.build(`lesson.${kind}.not.no-dip`, { side: sideName(switches[0]!.side), from: switches[0]!.from }));
  const unpaid = dips.find((entry) => entry.payback === null);
  if (unpaid) {
    return lesson(kind, false, s.build(`lesson.${kind}.not.no-payback`, { side: sideName(unpaid.side), from: unpaid.from, behind: unpaid.behind, cost: s.money(`switch.${unpaid.side.id}.cost`, unpaid.cost), remaining: context.rounds - unpaid.from + 1 }));
  }
  const part = (entry: Switch, suffix: string) => ({
    [`side${suffix}`]: sideName(entry.side),
    [`behind${suffix}`]: entry.behind,
    [`cost${suffix}`]: s.money(`switch.${entry.side.id}.cost`, entry.cost),
    [`payback${suffix}`]: entry.payback!,
    [`gain${suffix}`]: s.money(`switch.${entry.side.id}.gain`, entry.gain),
  });
  const [first, second] = dips;
  if (second && second.from === first!.from) return lesson(kind, true, s.build(`lesson.${kind}.both`, { from: first!.from, ...part(first!, 'A'), ...part(second, 'B') }));
  const best = second && second.gain > first!.gain ? second : first!;
  return lesson(kind, true, s.build(`lesson.${kind}.one`, { from: best.from, ...part(best, '') }));
}

export function bothWin(context: LessonContext): Lesson {
  const kind = 'both-win';
  const { played, opening, quickFix } = context.analysis;
  const baseline = opening ?? quickFix;
  const which = opening ? 'habit' : 'quick-fix';
  const s = new StatementBuilder();
  const ends = context.sides.map((side) => ({ side, mine: finalValue(played.cumulative, side.id), theirs: finalValue(baseline.cumulative, side.id) }));
  const number = (entry: (typeof ends)[number]) => ({ mine: s.money(`cumulative.played.${entry.side.id}`, entry.mine), theirs: s.money(`cumulative.${which}.${entry.side.id}`, entry.theirs) });
  const lost = ends.find((entry) => entry.mine <= entry.theirs + NOTICEABLE);
  if (lost) {
    const { mine, theirs } = number(lost);
    return lesson(kind, false, s.build(`lesson.${kind}.not.one-lost`, { side: sideName(lost.side), which, mine, theirs }));
  }
  const [a, b] = ends as [(typeof ends)[number], (typeof ends)[number]];
  const na = number(a);
  const nb = number(b);
  return lesson(kind, true, s.build(`lesson.${kind}.shown`, { which, sideA: sideName(a.side), mineA: na.mine, theirsA: na.theirs, sideB: sideName(b.side), mineB: nb.mine, theirsB: nb.theirs }));
}

type Switch = Omit<HabitSwitch, 'side'> & { readonly side: SideDefinition };
type Direction = 'better' | 'worse' | 'unchanged';

export function goalMismatch(context: LessonContext): Lesson {
  const kind = 'goal-mismatch';
  const s = new StatementBuilder();
  const sticks = context.sides.map((side) => {
    const kpi = yardstickKpi(context.scenario, side);
    const values = context.state.history.map((outcome) => (outcome.kpis[side.id]?.[kpi.id] ?? Number.NaN) * kpi.displayScale);
    const first = values[0]!;
    const last = values.at(-1)!;
    const change = (last - first) / Math.max(Math.abs(first), 1e-9);
    const direction: Direction = Math.abs(change) < YARDSTICK_MOVE ? 'unchanged' : (change > 0) === kpi.higherIsBetter ? 'better' : 'worse';
    return { side, kpi, first, last, direction };
  });
  const intro = new StatementBuilder().build(`lesson.${kind}.yardsticks`, { sideA: sideName(sticks[0]!.side), yardstickA: label(sticks[0]!.kpi.label), sideB: sideName(sticks[1]!.side), yardstickB: label(sticks[1]!.kpi.label) });
  const sensible: Statement[] = context.sides.flatMap((side) => {
    const move = context.analysis.moves.get(side.id);
    if (!move) return [];
    const kpi = yardstickKpi(context.scenario, side);
    const played = move.yardstickAtFirst.played * kpi.displayScale;
    const without = move.yardstickAtFirst.without * kpi.displayScale;
    const better = kpi.higherIsBetter ? played > without : played < without;
    if (!better || Math.abs(played - without) < 0.5 * 10 ** -kpi.decimals) return [];
    const m = new StatementBuilder().claim({ kind: 'conduct', side: side.id, rounds: [move.rounds[0]!], conduct: 'away' });
    return [
      m.build(`lesson.${kind}.sensible`, {
        side: sideName(side),
        words: firstMoveWords(context, side),
        round: move.rounds[0]!,
        yardstick: label(kpi.label),
        played: m.amount(`yardstick.${side.id}.atFirstMove.played`, played, kpi.decimals, kpi.unit),
        without: m.amount(`yardstick.${side.id}.atFirstMove.without`, without, kpi.decimals, kpi.unit),
      }),
    ];
  });
  const [a, b] = sticks as [(typeof sticks)[number], (typeof sticks)[number]];
  const course = s.build(`lesson.${kind}.course`, {
    sideA: sideName(a.side),
    yardstickA: label(a.kpi.label),
    firstA: s.amount(`yardstick.${a.side.id}.first`, a.first, a.kpi.decimals, a.kpi.unit),
    lastA: s.amount(`yardstick.${a.side.id}.last`, a.last, a.kpi.decimals, a.kpi.unit),
    directionA: a.direction,
    sideB: sideName(b.side),
    yardstickB: label(b.kpi.label),
    firstB: s.amount(`yardstick.${b.side.id}.first`, b.first, b.kpi.decimals, b.kpi.unit),
    lastB: s.amount(`yardstick.${b.side.id}.last`, b.last, b.kpi.decimals, b.kpi.unit),
    directionB: b.direction,
  });
  const opposite = (a.direction === 'better' && b.direction === 'worse') || (a.direction === 'worse' && b.direction === 'better');
  const still = a.direction === 'unchanged' && b.direction === 'unchanged';
  if (!opposite && sensible.length === 0) return lesson(kind, false, statement(still ? `lesson.${kind}.not.still` : `lesson.${kind}.not.aligned`), course);
  return lesson(kind, true, intro, ...sensible, course);
}
