/**
 * The whole debrief of one game as data: every section's statements (message keys, parameters,
 * and the claims they make) and the series its charts draw, from one analysis of the game. The
 * views only render this; a test can read every statement without a DOM and check that they agree
 * with each other and with the analysis.
 * pattern: Functional Core
 */
import { debriefAnalysis, lessonsFor, yardstickKpi, type DebriefAnalysis, type GameLessons, type GameState, type Scenario, type SideDefinition, type Statement } from '../../rules/index.ts';
import { sideConductStatements, termsStatements } from './conduct-content.ts';
import { cumulativeContent, nowVsLaterContent, type CumulativeContent, type ProfitChartContent } from './paths-content.ts';
import { payoffContent, type PayoffContent } from './payoff-content.ts';
import { decisionTables, stockRows, type DecisionTable, type StockRow } from './tables-content.ts';

export interface YardstickContent {
  readonly side: SideDefinition;
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
  /** Display-scaled values per round. */
  readonly values: readonly number[];
}

export interface DebriefContent {
  readonly scenario: Scenario;
  readonly analysis: DebriefAnalysis;
  readonly rounds: number;
  readonly opening: { readonly yardsticks: readonly [YardstickContent, YardstickContent]; readonly events: readonly { readonly name: string; readonly round: number }[] };
  readonly conduct: { readonly terms: readonly Statement[]; readonly sides: readonly { readonly side: SideDefinition; readonly statements: readonly Statement[] }[] };
  readonly now: { readonly intro: readonly Statement[]; readonly charts: readonly ProfitChartContent[] };
  readonly cumulative: CumulativeContent;
  readonly payoff: PayoffContent;
  readonly stocks: { readonly rows: readonly StockRow[]; readonly takeaway: Statement };
  readonly lessons: GameLessons;
  readonly decisions: readonly DecisionTable[];
}

export interface DebriefOptions {
  /** Rounds the workshop server filled in for a seat that did not decide (not held against it). */
  readonly filledIn?: readonly { readonly side: string; readonly round: number }[];
}

export function debriefContent(scenario: Scenario, state: GameState, options: DebriefOptions = {}): DebriefContent {
  const analysis = debriefAnalysis(scenario, state, options.filledIn);
  const sides = scenario.definition.sides;
  const yardstick = (side: SideDefinition): YardstickContent => {
    const kpi = yardstickKpi(scenario, side);
    return { side, label: kpi.label, unit: kpi.unit, decimals: kpi.decimals, values: state.history.map((outcome) => (outcome.kpis[side.id]?.[kpi.id] ?? Number.NaN) * kpi.displayScale) };
  };
  const events = state.events
    .filter((event) => event.round <= state.history.length)
    .map((event) => ({ name: scenario.definition.events.find((candidate) => candidate.id === event.eventId)?.name ?? event.eventId, round: event.round }));
  return {
    scenario,
    analysis,
    rounds: analysis.rounds,
    opening: { yardsticks: [yardstick(sides[0]!), yardstick(sides[1]!)], events },
    conduct: { terms: termsStatements(scenario, state, analysis), sides: sides.map((side) => ({ side, statements: sideConductStatements(scenario, analysis, side) })) },
    now: nowVsLaterContent(scenario, analysis),
    cumulative: cumulativeContent(scenario, analysis),
    payoff: payoffContent(scenario, state, analysis),
    stocks: stockRows(analysis),
    lessons: lessonsFor(scenario, state, analysis),
    decisions: decisionTables(scenario, state, analysis),
  };
}

/** Every statement of the debrief, in reading order: what the consistency test reads. */
export function allStatements(content: DebriefContent): Statement[] {
  return [
    ...content.conduct.terms,
    ...content.conduct.sides.flatMap((entry) => entry.statements),
    ...content.now.intro,
    ...content.now.charts.flatMap((chart) => chart.statements),
    ...content.cumulative.statements,
    ...content.payoff.statements,
    content.stocks.takeaway,
    ...content.lessons.shown.flatMap((lesson) => lesson.statements),
    ...content.lessons.notShown.flatMap((lesson) => lesson.statements),
    ...content.lessons.observations,
  ];
}
