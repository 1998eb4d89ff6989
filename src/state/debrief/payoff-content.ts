/**
 * The 2×2 payoff table as data: four shadow-run cells (the both-kept cell is always the
 * cooperative path), this game's own numbers beside the cell its conduct is nearest, and the
 * statements that read the table: what each side's quick fix does alone and together, why a quick
 * fix never came into play, and why the game sits where it does.
 * pattern: Functional Core
 */
import { conductOf, type DebriefAnalysis, finalValue, type GameState, idleQuickFixStatement, lessonContext, payoffCell, type PayoffConduct, type Scenario, type SideDefinition, sideName, type Statement } from '../../rules/index.ts';
import { StatementBuilder, roundList, statement } from '../../rules/index.ts';

export interface PayoffCellContent {
  readonly conduct: ReadonlyMap<string, PayoffConduct>;
  /** Side id → cumulative profit at the end, $M. */
  readonly cumulative: ReadonlyMap<string, number>;
  /** This game sits beside this cell. */
  readonly yourGameBeside: boolean;
}

export interface PayoffContent {
  readonly sides: readonly SideDefinition[];
  readonly cells: readonly PayoffCellContent[];
  readonly yourGame: { readonly cumulative: ReadonlyMap<string, number>; readonly conduct: ReadonlyMap<string, PayoffConduct> };
  readonly statements: readonly Statement[];
  /** What each side's quick fix is, in the scenario's words. */
  readonly quickFixMeans: readonly Statement[];
}

const cellKey = (a: PayoffConduct, b: PayoffConduct) => `${a}.${b}`;

/** Why this game sits beside the cell it does, side by side, from the conduct analysis. */
function yourGameReason(analysis: DebriefAnalysis, side: SideDefinition): Statement {
  const conduct = conductOf(analysis.conduct, side.id);
  const s = new StatementBuilder();
  if (conduct.breachRounds.length > 0) {
    return s.claim({ kind: 'conduct', side: side.id, rounds: conduct.breachRounds, conduct: 'broke', complete: true }).build('payoff.reason-broke', { side: sideName(side), rounds: roundList(conduct.breachRounds) });
  }
  if (conduct.boundFrom !== null) {
    s.claim({ kind: 'conduct', side: side.id, rounds: [], conduct: 'broke', complete: true });
    if (conduct.offBaselineRounds.length > 0) return s.claim({ kind: 'conduct', side: side.id, rounds: conduct.offBaselineRounds, conduct: 'no-terms' }).build('payoff.reason-kept-once-bound', { side: sideName(side), from: conduct.boundFrom, off: roundList(conduct.offBaselineRounds) });
    return s.build('payoff.reason-kept', { side: sideName(side) });
  }
  const away = conduct.offBaselineRounds.length;
  return s.claim({ kind: 'conduct', side: side.id, rounds: conduct.offBaselineRounds, conduct: 'away', complete: true }).build(conduct.payoffConduct === 'kept' ? 'payoff.reason-unbound-mostly-cooperative' : 'payoff.reason-unbound-mostly-away', { side: sideName(side), away, rounds: analysis.rounds });
}

export function payoffContent(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): PayoffContent {
  const sides = scenario.definition.sides;
  const [a, b] = sides as [SideDefinition, SideDefinition];
  const { payoff } = analysis;
  const your = payoff.yourGame;
  const cells = payoff.cells.map((cell) => ({
    conduct: cell.conduct,
    cumulative: cell.cumulative,
    yourGameBeside: cellKey(cell.conduct.get(a.id)!, cell.conduct.get(b.id)!) === cellKey(your.conduct.get(a.id)!, your.conduct.get(b.id)!),
  }));
  const statements: Statement[] = [];
  const y = new StatementBuilder();
  statements.push(
    y.build('payoff.your-game', {
      sideA: sideName(a),
      valueA: y.money(`cumulative.played.${a.id}`, your.cumulative.get(a.id)!),
      conductA: your.conduct.get(a.id)!,
      sideB: sideName(b),
      valueB: y.money(`cumulative.played.${b.id}`, your.cumulative.get(b.id)!),
      conductB: your.conduct.get(b.id)!,
    }),
    yourGameReason(analysis, a),
    yourGameReason(analysis, b),
  );

  // Read the table: each quick fix alone (trap, or a gain paid for by the partner), then both.
  const kept = payoffCell(payoff, { [a.id]: 'kept', [b.id]: 'kept' });
  const both = payoffCell(payoff, { [a.id]: 'quick-fix', [b.id]: 'quick-fix' });
  for (const side of sides) {
    if (payoff.idleQuickFix.includes(side.id)) continue;
    const partner = side === a ? b : a;
    const alone = payoffCell(payoff, { [side.id]: 'quick-fix', [partner.id]: 'kept' });
    const id = (who: SideDefinition) => `cell.${side === a ? 'quick-fix' : 'kept'}.${side === b ? 'quick-fix' : 'kept'}.${who.id}`;
    const s = new StatementBuilder();
    const own = alone.cumulative.get(side.id)! - kept.cumulative.get(side.id)!;
    statements.push(
      s.build(own < 0 ? 'payoff.alone-trap' : 'payoff.alone-gain', {
        side: sideName(side),
        alone: s.money(id(side), alone.cumulative.get(side.id)!),
        kept: s.money(`cell.kept.kept.${side.id}`, kept.cumulative.get(side.id)!),
        partner: sideName(partner),
        partnerAlone: s.money(id(partner), alone.cumulative.get(partner.id)!),
        partnerKept: s.money(`cell.kept.kept.${partner.id}`, kept.cumulative.get(partner.id)!),
      }),
    );
  }
  if (payoff.idleQuickFix.length < sides.length) {
    const s = new StatementBuilder();
    const bothLose = sides.every((side) => both.cumulative.get(side.id)! < kept.cumulative.get(side.id)!);
    statements.push(
      s.build(bothLose ? 'payoff.both-lose' : 'payoff.both', {
        sideA: sideName(a),
        bothA: s.money(`cell.quick-fix.quick-fix.${a.id}`, both.cumulative.get(a.id)!),
        keptA: s.money(`cell.kept.kept.${a.id}`, kept.cumulative.get(a.id)!),
        sideB: sideName(b),
        bothB: s.money(`cell.quick-fix.quick-fix.${b.id}`, both.cumulative.get(b.id)!),
        keptB: s.money(`cell.kept.kept.${b.id}`, kept.cumulative.get(b.id)!),
      }),
    );
  }
  const context = lessonContext(scenario, state, analysis);
  if (payoff.idleQuickFix.length === sides.length) statements.push(statement('payoff.all-idle'));
  statements.push(...payoff.idleQuickFix.map((side) => idleQuickFixStatement(context, side)));
  if (analysis.opening) {
    const s = new StatementBuilder();
    statements.push(
      s.build('payoff.opening', {
        sideA: sideName(a),
        valueA: s.money(`cumulative.habit.${a.id}`, finalValue(analysis.opening.cumulative, a.id)),
        sideB: sideName(b),
        valueB: s.money(`cumulative.habit.${b.id}`, finalValue(analysis.opening.cumulative, b.id)),
      }),
    );
  }
  const quickFixMeans = sides.flatMap((side) => {
    const strategyId = scenario.definition.debrief.shadows.quickFix[side.id];
    const strategy = strategyId === undefined ? undefined : scenario.definition.strategies[side.id]?.[strategyId];
    return strategy ? [statement('payoff.quick-fix-means', { side: sideName(side), description: strategy.description })] : [];
  });
  return { sides, cells, yourGame: your, statements, quickFixMeans };
}
