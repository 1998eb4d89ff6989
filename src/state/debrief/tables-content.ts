/**
 * The debrief's tables as data: the stocks that carried the harm (by their labels and units, with
 * which way is harm) and each side's decisions round by round, marked from the conduct analysis
 * (a term broken, a round off the cooperative way with no terms, a round the server filled in).
 * pattern: Functional Core
 */
import { charterTerms, conductOf, type DebriefAnalysis, type DecisionDefinition, type GameState, label, meetsTerm, type Scenario, type SideDefinition, type Statement } from '../../rules/index.ts';
import { StatementBuilder, statement } from '../../rules/index.ts';

export interface StockRow {
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
  /** Display-scaled. */
  readonly played: number;
  readonly cooperative: number;
  /** The difference as a fraction of the cooperative value; null when a percentage would say nothing (an all but empty stock). */
  readonly relativeChange: number | null;
  /** Ended worse for the alliance than on the cooperative path (less of something good, more of something bad), by 10 % or more. */
  readonly harm: boolean;
  /** Ended better by 10 % or more. */
  readonly gain: boolean;
}

export function stockRows(analysis: DebriefAnalysis): { rows: StockRow[]; takeaway: Statement } {
  const rows = analysis.stocks.map((change) => ({
    label: change.stock.label,
    unit: change.stock.unit,
    decimals: change.stock.decimals,
    played: change.played * change.stock.displayScale,
    cooperative: change.cooperative * change.stock.displayScale,
    relativeChange: Number.isFinite(change.relativeChange) ? change.relativeChange : null,
    harm: change.meaningful && change.harmful,
    gain: change.meaningful && !change.harmful,
  }));
  const top = analysis.stocks.find((change) => change.meaningful && change.harmful);
  if (!top) return { rows, takeaway: statement(analysis.samePath ? 'stocks.same-path' : 'stocks.no-harm') };
  const s = new StatementBuilder();
  const scale = top.stock.displayScale;
  return {
    rows,
    takeaway: s.build('stocks.top-harm', {
      stock: label(top.stock.label),
      played: s.amount(`stock.played.${top.stock.variable}`, top.played * scale, top.stock.decimals, top.stock.unit),
      cooperative: s.amount(`stock.cooperative.${top.stock.variable}`, top.cooperative * scale, top.stock.decimals, top.stock.unit),
    }),
  };
}

export type DecisionMark =
  | { readonly kind: 'broke'; readonly bound: 'at-most' | 'at-least'; readonly value: number }
  | { readonly kind: 'off-baseline'; readonly bound: 'at-most' | 'at-least'; readonly value: number }
  | null;

export interface DecisionCell {
  readonly value: number | undefined;
  readonly decision: DecisionDefinition;
  readonly mark: DecisionMark;
}

export interface DecisionTable {
  readonly side: SideDefinition;
  readonly rows: readonly { readonly round: number; readonly filledIn: boolean; readonly cells: readonly DecisionCell[] }[];
}

export function decisionTables(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): DecisionTable[] {
  return scenario.definition.sides.map((side) => {
    const conduct = conductOf(analysis.conduct, side.id);
    return {
      side,
      rows: conduct.rounds.map((round) => {
        const decisions = state.history[round.round - 1]?.decisions[side.id] ?? {};
        const offBaseline = conduct.offBaselineRounds.includes(round.round);
        return {
          round: round.round,
          filledIn: round.filledIn,
          cells: side.decisions.map((decision): DecisionCell => {
            const broken = round.broken.find((term) => term.decision === decision.id);
            if (broken) return { value: decisions[decision.id], decision, mark: { kind: 'broke', bound: broken.bound, value: broken.value } };
            const value = decisions[decision.id];
            const baseline = charterTerms(side).find((term) => term.decision === decision.id);
            const away = offBaseline && value !== undefined && baseline !== undefined && !meetsTerm(baseline, value, decision);
            return { value, decision, mark: away ? { kind: 'off-baseline', bound: baseline.bound, value: baseline.value } : null };
          }),
        };
      }),
    };
  });
}
