/**
 * "Now vs later" and cumulative profit as data: the series each chart draws and the statements
 * under them, from the one analysis. A game that played the cooperative path says so once and
 * draws one line; otherwise each side's crossing is said in rounds the analysis names.
 * pattern: Functional Core
 */
import { at, conductOf, type Crossing, crossingBetween, type DebriefAnalysis, finalValue, type Scenario, type SideDefinition, sideName, type Statement } from '../../rules/index.ts';
import { StatementBuilder, roundList, statement } from '../../rules/index.ts';

export interface ProfitChartContent {
  readonly side: SideDefinition;
  readonly sideIndex: number;
  readonly played: readonly number[];
  /** Absent when the game was the cooperative path (one line would hide the other). */
  readonly cooperative: readonly number[] | null;
  /** For a game that was the cooperative path: both sides on their quick fix, the trap it stayed out of. */
  readonly quickFix: readonly number[] | null;
  /** Staying in the opening habit, when the game opened in one. */
  readonly opening: readonly number[] | null;
  /** Rounds to mark: where it fell behind, came back to the terms, and where a switch had paid for itself. */
  readonly marks: readonly { readonly round: number; readonly kind: 'fell-behind' | 'quick-fix-behind' | 'back-on-terms' | 'cooperative-from' | 'paid-back' }[];
  readonly statements: readonly Statement[];
}

function crossingStatement(side: SideDefinition, crossing: Crossing, reference: 'cooperative' | 'quick-fix'): Statement {
  const s = new StatementBuilder();
  const prefix = reference === 'cooperative' ? 'now.crossing' : 'now.quick-fix';
  if (reference === 'cooperative') {
    s.claim({ kind: 'versus-cooperative', side: side.id, rounds: crossing.aheadRounds, relation: 'ahead', complete: true });
  }
  if (crossing.aheadRounds.length === 0 && crossing.behindRounds.length === 0) return s.build(`${prefix}.even`, { side: sideName(side) });
  if (crossing.aheadRounds.length === 0) {
    if (reference === 'cooperative') s.claim({ kind: 'versus-cooperative', side: side.id, rounds: crossing.behindRounds, relation: 'behind', complete: true });
    return s.build(`${prefix}.never-ahead`, { side: sideName(side) });
  }
  if (crossing.fellBehind === null) return s.build(`${prefix}.stayed-ahead`, { side: sideName(side), ahead: roundList(crossing.aheadRounds) });
  const before = crossing.aheadRounds.filter((round) => round < crossing.fellBehind!);
  if (reference === 'cooperative') s.claim({ kind: 'versus-cooperative', side: side.id, rounds: [crossing.fellBehind], relation: 'behind' });
  return s.build(`${prefix}.fell-behind`, { side: sideName(side), ahead: roundList(before), round: crossing.fellBehind });
}

export function nowVsLaterContent(scenario: Scenario, analysis: DebriefAnalysis): { intro: Statement[]; charts: ProfitChartContent[] } {
  const sides = scenario.definition.sides;
  const intro: Statement[] = analysis.samePath
    ? [new StatementBuilder().claim({ kind: 'same-path', same: true }).build('now.intro-same-path')]
    : [new StatementBuilder().claim({ kind: 'same-path', same: false }).build('now.intro')];
  if (analysis.opening) intro.push(statement('now.intro-opening'));
  const charts = sides.map((side, sideIndex): ProfitChartContent => {
    const played = at(analysis.played.profit, side.id);
    const conduct = conductOf(analysis.conduct, side.id);
    const switched = analysis.switches.get(side.id);
    const marks: ProfitChartContent['marks'][number][] = [];
    const statements: Statement[] = [];
    let quickFix: readonly number[] | null = null;
    if (analysis.samePath) {
      quickFix = at(analysis.quickFix.profit, side.id);
      const crossing = crossingBetween(side.id, quickFix, played);
      statements.push(crossingStatement(side, crossing, 'quick-fix'));
      if (crossing.fellBehind !== null) marks.push({ round: crossing.fellBehind, kind: 'quick-fix-behind' });
    } else {
      const crossing = analysis.crossings.get(side.id)!;
      statements.push(crossingStatement(side, crossing, 'cooperative'));
      if (crossing.fellBehind !== null) marks.push({ round: crossing.fellBehind, kind: 'fell-behind' });
    }
    if (conduct.backOnTerms !== null) marks.push({ round: conduct.backOnTerms, kind: 'back-on-terms' });
    else if (conduct.cooperativeFrom !== null) marks.push({ round: conduct.cooperativeFrom, kind: 'cooperative-from' });
    if (switched && switched.behind > 0 && switched.payback !== null) {
      const s = new StatementBuilder().claim({ kind: 'conduct', side: side.id, rounds: Array.from({ length: analysis.rounds - switched.from + 1 }, (_, i) => switched.from + i), conduct: 'cooperative-way' });
      statements.push(s.build('now.dip', { from: switched.from, behind: switched.behind, cost: s.money(`switch.${side.id}.cost`, switched.cost), payback: switched.payback }));
      marks.push({ round: switched.payback, kind: 'paid-back' });
    }
    return {
      side,
      sideIndex,
      played,
      cooperative: analysis.samePath ? null : at(analysis.cooperative.profit, side.id),
      quickFix,
      opening: analysis.opening ? at(analysis.opening.profit, side.id) : null,
      marks,
      statements,
    };
  });
  return { intro, charts };
}

export interface CumulativeContent {
  readonly sides: readonly { readonly side: SideDefinition; readonly played: readonly number[]; readonly cooperative: readonly number[] | null }[];
  /** Each side's first move against terms in force, and its return to them (or to the cooperative way) for good. */
  readonly marks: readonly { readonly side: SideDefinition; readonly round: number; readonly kind: 'first-breach' | 'back-on-terms' | 'cooperative-from' }[];
  readonly statements: readonly Statement[];
}

export function cumulativeContent(scenario: Scenario, analysis: DebriefAnalysis): CumulativeContent {
  const sides = scenario.definition.sides;
  const marks: CumulativeContent['marks'][number][] = [];
  const statements: Statement[] = [];
  for (const side of sides) {
    const conduct = conductOf(analysis.conduct, side.id);
    if (conduct.firstBreach !== null) {
      marks.push({ side, round: conduct.firstBreach, kind: 'first-breach' });
      statements.push(new StatementBuilder().claim({ kind: 'conduct', side: side.id, rounds: [conduct.firstBreach], conduct: 'broke' }).build('cumulative.first-breach', { side: sideName(side), round: conduct.firstBreach }));
    }
    if (conduct.backOnTerms !== null) {
      marks.push({ side, round: conduct.backOnTerms, kind: 'back-on-terms' });
      statements.push(statement('cumulative.back-on-terms', { side: sideName(side), round: conduct.backOnTerms }));
    } else if (conduct.cooperativeFrom !== null) {
      marks.push({ side, round: conduct.cooperativeFrom, kind: 'cooperative-from' });
      statements.push(statement('cumulative.cooperative-from', { side: sideName(side), round: conduct.cooperativeFrom }));
    }
  }
  if (statements.length === 0) {
    const s = new StatementBuilder().claim(...sides.map((side) => ({ kind: 'conduct', side: side.id, rounds: [], conduct: 'broke', complete: true }) as const));
    statements.push(s.build('cumulative.no-breach'));
  }
  const s = new StatementBuilder();
  const [a, b] = sides;
  statements.push(
    s.build(analysis.samePath ? 'cumulative.ends-same-path' : 'cumulative.ends', {
      sideA: sideName(a!),
      endA: s.money(`cumulative.played.${a!.id}`, finalValue(analysis.played.cumulative, a!.id)),
      coopA: s.money(`cumulative.cooperative.${a!.id}`, finalValue(analysis.cooperative.cumulative, a!.id)),
      sideB: sideName(b!),
      endB: s.money(`cumulative.played.${b!.id}`, finalValue(analysis.played.cumulative, b!.id)),
      coopB: s.money(`cumulative.cooperative.${b!.id}`, finalValue(analysis.cooperative.cumulative, b!.id)),
    }),
  );
  return {
    sides: sides.map((side) => ({ side, played: at(analysis.played.cumulative, side.id), cooperative: analysis.samePath ? null : at(analysis.cooperative.cumulative, side.id) })),
    marks,
    statements,
  };
}
