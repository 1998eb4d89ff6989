/**
 * The lessons about moves away from the cooperative way: the quick fix pays at first, then costs
 * both; it is a trap, not a bargain; each side's fix hurts the other; the damage outlives the
 * decisions. Each returns the lesson when the game's numbers show it, else a line saying why not.
 * pattern: Functional Core
 */
import { finalValue } from '../paths.ts';
import { payoffCell } from '../debrief-analysis.ts';
import { StatementBuilder, labelList, label, roundList, sideName, statement, type Statement } from '../statements.ts';
import { awayClaims, firstMoveWords, lesson, partnerOf, sideConduct, type Lesson, type LessonContext } from './lesson-context.ts';

/** Below this many $M a difference is rounding, not a lesson. */
const NOTICEABLE = 0.05;

function movers(context: LessonContext) {
  return context.sides.filter((side) => context.analysis.moves.has(side.id));
}

function noMoves(kind: Lesson['kind']): Lesson {
  return lesson(kind, false, statement(`lesson.${kind}.not.no-moves`));
}

export function reflexPaysAtFirst(context: LessonContext): Lesson {
  const kind = 'reflex-pays-at-first';
  const moved = movers(context);
  if (moved.length === 0) return noMoves(kind);
  const effects = moved.map((side) => ({ side, move: context.analysis.moves.get(side.id)! }));
  const paid = effects.filter((entry) => entry.move.ownGainAtFirst > NOTICEABLE).sort((x, y) => y.move.ownGainAtFirst - x.move.ownGainAtFirst);
  const best = paid[0];
  if (!best) {
    const first = effects.sort((x, y) => x.move.rounds[0]! - y.move.rounds[0]!)[0]!;
    const b = new StatementBuilder().claim(...awayClaims(context, first.side, [first.move.rounds[0]!]));
    return lesson(
      kind,
      false,
      b.build(`lesson.${kind}.not.did-not-pay`, { side: sideName(first.side), round: first.move.rounds[0]!, words: firstMoveWords(context, first.side), firstRounds: roundList(first.move.firstRounds), loss: b.money(`move.${first.side.id}.ownLossAtFirst`, -first.move.ownGainAtFirst) }),
    );
  }
  const { side, move } = best;
  const b = new StatementBuilder().claim(...awayClaims(context, side, [move.rounds[0]!]));
  const params = {
    side: sideName(side),
    round: move.rounds[0]!,
    words: firstMoveWords(context, side),
    firstRounds: roundList(move.firstRounds),
    gain: b.money(`move.${side.id}.ownGainAtFirst`, move.ownGainAtFirst),
  };
  const first = b.build(`lesson.${kind}.paid`, params);
  const later = new StatementBuilder();
  const followUp =
    move.ownGainOverall < -NOTICEABLE
      ? later.build(`lesson.${kind}.then-cost`, { cost: later.money(`move.${side.id}.ownLossOverall`, -move.ownGainOverall) })
      : move.partnerLoss > NOTICEABLE
        ? later.build(`lesson.${kind}.partner-paid`, { gain: later.money(`move.${side.id}.ownGainOverall`, move.ownGainOverall), partner: sideName(partnerOf(context, side)), partnerLoss: later.money(`move.${side.id}.partnerLoss`, move.partnerLoss) })
        : later.build(`lesson.${kind}.kept-paying`, { gain: later.money(`move.${side.id}.ownGainOverall`, move.ownGainOverall) });
  return lesson(kind, true, first, followUp);
}

export function thenItCostsBoth(context: LessonContext): Lesson {
  const kind = 'then-it-costs-both';
  if (movers(context).length === 0) return noMoves(kind);
  const { played, cooperative } = context.analysis;
  const [a, b] = context.sides as [typeof context.sides[0], typeof context.sides[0]];
  const ahead = context.sides.find((side) => finalValue(played.cumulative, side.id) >= finalValue(cooperative.cumulative, side.id) - NOTICEABLE);
  const s = new StatementBuilder();
  if (ahead) {
    return lesson(
      kind,
      false,
      s.build(`lesson.${kind}.not.one-ahead`, { side: sideName(ahead), played: s.money(`cumulative.played.${ahead.id}`, finalValue(played.cumulative, ahead.id)), cooperative: s.money(`cumulative.cooperative.${ahead.id}`, finalValue(cooperative.cumulative, ahead.id)) }),
    );
  }
  const joint = (path: typeof played) => finalValue(path.cumulative, a.id) + finalValue(path.cumulative, b.id);
  return lesson(
    kind,
    true,
    s.build(`lesson.${kind}.shown`, {
      sideA: sideName(a),
      playedA: s.money(`cumulative.played.${a.id}`, finalValue(played.cumulative, a.id)),
      cooperativeA: s.money(`cumulative.cooperative.${a.id}`, finalValue(cooperative.cumulative, a.id)),
      sideB: sideName(b),
      playedB: s.money(`cumulative.played.${b.id}`, finalValue(played.cumulative, b.id)),
      cooperativeB: s.money(`cumulative.cooperative.${b.id}`, finalValue(cooperative.cumulative, b.id)),
      jointLoss: s.money('cumulative.jointLoss', joint(cooperative) - joint(played)),
    }),
  );
}

/** Events a side's quick fix answers (its phases that start after an event). */
function answeredEvents(context: LessonContext, sideId: string): string[] {
  const strategyId = context.scenario.definition.debrief.shadows.quickFix[sideId];
  const strategy = strategyId === undefined ? undefined : context.scenario.definition.strategies[sideId]?.[strategyId];
  if (strategy?.kind !== 'plan') return [];
  const ids = new Set(strategy.phases.flatMap((phase) => (phase.afterEvent ? [phase.afterEvent] : [])));
  return context.scenario.definition.events.filter((event) => ids.has(event.id)).map((event) => event.name);
}

/** Why a quick fix never came into play: the events it answers did not run, or nothing pressed the side. */
export function idleQuickFixStatement(context: LessonContext, sideId: string): Statement {
  const side = context.sides.find((candidate) => candidate.id === sideId)!;
  const events = answeredEvents(context, sideId);
  return events.length > 0
    ? statement('lesson.quick-fix-idle.events', { side: sideName(side), events: labelList(events) })
    : statement('lesson.quick-fix-idle.no-pressure', { side: sideName(side) });
}

export function trapNotBargain(context: LessonContext): Lesson {
  const kind = 'trap-not-bargain';
  const { payoff } = context.analysis;
  const [a, b] = context.sides as [typeof context.sides[0], typeof context.sides[0]];
  if (payoff.idleQuickFix.length === context.sides.length) {
    return lesson(kind, false, statement(`lesson.${kind}.not.idle`), ...payoff.idleQuickFix.map((side) => idleQuickFixStatement(context, side)));
  }
  const both = payoffCell(payoff, { [a.id]: 'kept', [b.id]: 'kept' });
  const alone = (side: typeof a) => payoffCell(payoff, { [a.id]: side === a ? 'quick-fix' : 'kept', [b.id]: side === b ? 'quick-fix' : 'kept' });
  const own = (side: typeof a) => alone(side).cumulative.get(side.id)! - both.cumulative.get(side.id)!;
  const tempting = context.sides.filter((side) => !payoff.idleQuickFix.includes(side.id) && own(side) > -0.1).sort((x, y) => own(y) - own(x))[0];
  const s = new StatementBuilder();
  const cellId = (side: typeof a) => `cell.${side === a ? 'quick-fix' : 'kept'}.${side === b ? 'quick-fix' : 'kept'}.${side.id}`;
  if (tempting || payoff.idleQuickFix.length > 0) {
    const side = tempting ?? context.sides.find((candidate) => !payoff.idleQuickFix.includes(candidate.id))!;
    const partner = partnerOf(context, side);
    const extra = payoff.idleQuickFix.map((idle) => idleQuickFixStatement(context, idle));
    if (!tempting) {
      return lesson(
        kind,
        false,
        s.build(`lesson.${kind}.not.one-idle`, { side: sideName(side), alone: s.money(cellId(side), alone(side).cumulative.get(side.id)!), kept: s.money(`cell.kept.kept.${side.id}`, both.cumulative.get(side.id)!) }),
        ...extra,
      );
    }
    return lesson(
      kind,
      false,
      s.build(`lesson.${kind}.not.tempting`, {
        side: sideName(side),
        alone: s.money(cellId(side), alone(side).cumulative.get(side.id)!),
        kept: s.money(`cell.kept.kept.${side.id}`, both.cumulative.get(side.id)!),
        partner: sideName(partner),
        partnerAlone: s.money(`cell.${side === a ? 'quick-fix' : 'kept'}.${side === b ? 'quick-fix' : 'kept'}.${partner.id}`, alone(side).cumulative.get(partner.id)!),
        partnerKept: s.money(`cell.kept.kept.${partner.id}`, both.cumulative.get(partner.id)!),
      }),
      ...extra,
    );
  }
  return lesson(
    kind,
    true,
    s.build(`lesson.${kind}.shown`, {
      sideA: sideName(a),
      aloneA: s.money(cellId(a), alone(a).cumulative.get(a.id)!),
      keptA: s.money(`cell.kept.kept.${a.id}`, both.cumulative.get(a.id)!),
      sideB: sideName(b),
      aloneB: s.money(cellId(b), alone(b).cumulative.get(b.id)!),
      keptB: s.money(`cell.kept.kept.${b.id}`, both.cumulative.get(b.id)!),
    }),
  );
}

export function eachFixHurtsTheOther(context: LessonContext): Lesson {
  const kind = 'each-fix-hurts-the-other';
  const moved = movers(context);
  if (moved.length === 0) return noMoves(kind);
  const hurting = moved
    .map((side) => ({ side, move: context.analysis.moves.get(side.id)! }))
    .filter((entry) => entry.move.partnerLoss > 0.1 && entry.move.partnerHurtFrom !== null)
    .sort((x, y) => x.move.rounds[0]! - y.move.rounds[0]!);
  if (hurting.length === 0) {
    const side = moved[0]!;
    return lesson(kind, false, statement(`lesson.${kind}.not.no-harm`, { side: sideName(side), partner: sideName(partnerOf(context, side)) }));
  }
  const s = new StatementBuilder();
  const part = (entry: (typeof hurting)[number], suffix: string) => {
    s.claim(...awayClaims(context, entry.side, entry.move.rounds));
    return {
      [`side${suffix}`]: sideName(entry.side),
      [`words${suffix}`]: firstMoveWords(context, entry.side),
      [`rounds${suffix}`]: roundList(entry.move.rounds),
      [`partner${suffix}`]: sideName(partnerOf(context, entry.side)),
      [`hurtFrom${suffix}`]: entry.move.partnerHurtFrom!,
      [`loss${suffix}`]: s.money(`move.${entry.side.id}.partnerLoss`, entry.move.partnerLoss),
    };
  };
  if (hurting.length === 1) return lesson(kind, true, s.build(`lesson.${kind}.one`, part(hurting[0]!, '')));
  return lesson(kind, true, s.build(`lesson.${kind}.both`, { ...part(hurting[0]!, 'A'), ...part(hurting[1]!, 'B') }));
}

export function damageOutlivesDecisions(context: LessonContext): Lesson {
  const kind = 'damage-outlives-decisions';
  const moved = movers(context);
  if (moved.length === 0) return noMoves(kind);
  const stayedAway = moved.find((side) => sideConduct(context, side).cooperativeFrom === null);
  if (stayedAway) return lesson(kind, false, statement(`lesson.${kind}.not.not-back`, { side: sideName(stayedAway) }));
  const from = Math.max(...moved.map((side) => sideConduct(context, side).cooperativeFrom!));
  const remaining = context.rounds - from + 1;
  const onTerms = moved.every((side) => sideConduct(context, side).rounds.slice(from - 1).every((entry) => entry.kind === 'kept'));
  const worst = context.sides
    .map((side) => {
      const behind = context.analysis.crossings.get(side.id)!.behindRounds.filter((round) => round >= from);
      const losses = context.analysis.played.profit.get(side.id)!.slice(from - 1).flatMap((value, i) => (value < 0 ? [from + i] : []));
      return { side, behind, losses };
    })
    .sort((x, y) => y.behind.length - x.behind.length || y.losses.length - x.losses.length)[0]!;
  const s = new StatementBuilder().claim(...moved.map((side) => ({ kind: 'conduct', side: side.id, rounds: range(from, context.rounds), conduct: 'cooperative-way' }) as const));
  if (worst.behind.length < 2) return lesson(kind, false, s.build(`lesson.${kind}.not.recovered`, { from, onTerms: String(onTerms) }));
  s.claim({ kind: 'versus-cooperative', side: worst.side.id, rounds: worst.behind, relation: 'behind' });
  const main = s.build(`lesson.${kind}.shown`, { from, onTerms: String(onTerms), side: sideName(worst.side), behind: worst.behind.length, remaining, losses: worst.losses.length });
  const stock = context.analysis.stocks.find((change) => change.meaningful && change.harmful);
  if (!stock) return lesson(kind, true, main);
  const t = new StatementBuilder();
  const scale = stock.stock.displayScale;
  return lesson(
    kind,
    true,
    main,
    t.build(`lesson.${kind}.stock`, {
      stock: label(stock.stock.label),
      played: t.amount(`stock.played.${stock.stock.variable}`, stock.played * scale, stock.stock.decimals, stock.stock.unit),
      cooperative: t.amount(`stock.cooperative.${stock.stock.variable}`, stock.cooperative * scale, stock.stock.decimals, stock.stock.unit),
    }),
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
