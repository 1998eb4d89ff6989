/**
 * The debrief of one game as data (statements and series), built from the rules' analysis; the
 * views render it. Other layers import the debrief's content from here.
 */
export { debriefContent, allStatements, type DebriefContent, type DebriefOptions, type YardstickContent } from './debrief-content.ts';
export type { ProfitChartContent, CumulativeContent } from './paths-content.ts';
export type { PayoffContent, PayoffCellContent } from './payoff-content.ts';
export type { StockRow, DecisionTable, DecisionCell, DecisionMark } from './tables-content.ts';
export { termParam } from './conduct-content.ts';
