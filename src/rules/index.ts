/**
 * Game rules: pure functions over plain data. Scenario files, rounds, KPIs, computer partners,
 * deals, the action log and the facilitated workshop. Imports only the engine (and the workshop's
 * message types from src/protocol).
 */
export { loadScenario, type Scenario, type ScenarioFiles, type LoadResult } from './scenario/load-scenario.ts';
export { scenarioFromFolder, readScenarioFolder, readScenarioFolders, type ScenarioFolders, type ScenarioCase, type FolderResult } from './scenario/scenario-folder.ts';
export type * from './scenario/scenario-schema.ts';
export { SHARED_SIDE, KPI_ROLES, LESSON_KINDS } from './scenario/scenario-schema.ts';
export { applyAction, createGame, activeDeals, earliestEventRound, breachedTerm, viewFor, gameConstants, type ActionResult } from './game/apply-action.ts';
export { gameActionSchema, type GameAction } from './game/game-actions.ts';
export { breachedTerms, breachesInRound, termBreaches, breachInputs, keepsTerm, type TermBreach, type DealRecord } from './game/deal-terms.ts';
export { allianceEndedBy, endedDecisions } from './game/alliance-exit.ts';
export { GAME_LENGTH } from './game/game-length.ts';
export type * from './game/game-state.ts';
export { simulateRounds, RoundRunner, roundInputs, roundStartTime, gameStopTime, eventOverrides, type RoundCourse, type RoundDecisions, type RoundOutcome, type ScheduledEvent, type Decisions, type AllianceExit } from './game/simulate-rounds.ts';
export { playNextRound, forgetSimulations, keptSimulations } from './game/incremental-rounds.ts';
export { playHeadless, playDraws, playRounds, strategyInRound, type HeadlessOptions, type HeadlessResult, type RoundPlan } from './game/play-headless.ts';
export { calibrate } from './game/calibrate.ts';
export { perturbedConstants, mulberry32 } from './game/perturbation.ts';
export { chooseDecisions, defaultDecisions, findStrategy, strategyIds, brokeFaith, clampToRanges, StrategyError, type SideView, type StrategyChoice } from './strategies/choose-decisions.ts';
export { compileFormula, FormulaError } from './formula/formula.ts';
export { gameLoopPhases, type LoopPhase } from './debrief/game-loop-phases.ts';
export { debriefAnalysis, crossingBetween, payoffCell, type DebriefAnalysis, type PayoffCell, type Payoff, type Crossing, type MoveEffect, type StockChange } from './debrief/debrief-analysis.ts';
export { conductAnalysis, conductOf, charterTerms, termsInForce, meetsTerm, type ConductAnalysis, type SideConduct, type RoundConduct, type Term, type PayoffConduct } from './debrief/conduct.ts';
export { lessonsFor, type Lesson, type GameLessons } from './debrief/lessons.ts';
export type { Path } from './debrief/paths.ts';
export { at, finalValue } from './debrief/paths.ts';
export type * from './debrief/statements.ts';
export { StatementBuilder, statement, roundList, money, amount, percent, ratio, sideName, label, labelList, termList } from './debrief/statements.ts';
export { idleQuickFixStatement } from './debrief/lessons/conduct-lessons.ts';
export { lessonContext } from './debrief/lessons/lesson-context.ts';
export { profitKpi, cumulativeProfitKpi, trustKpi, costKpis, yardstickKpi, sharedKpis } from './scenario/kpi-roles.ts';
export type { WorkshopConfig, WorkshopEntry, WorkshopPhase, WorkshopState, FallbackMark, EntryResult } from './workshop/workshop-state.ts';
export { seatKey, gameSettingsOf } from './workshop/workshop-state.ts';
export { createWorkshop, applyEntry, firstFreeSeat, teamAction, prepareRoundEnd, primeSimulation, fallbackDecisions, MAX_PROPOSALS_PER_ROUND } from './workshop/apply-entry.ts';
export { replay, undoLastRoundEnd, ReplayError, type RoundEndCheckpoints } from './workshop/replay.ts';
export { RefusedEntry } from './workshop/apply-entry.ts';
export { workshopConfigFrom, configProblem, type ConfigResult } from './workshop/workshop-config.ts';
export { zodProblems } from './zod-problems.ts';
export { eventLifetime, gameEventLifetimes, eventStage, eventShowsIn, eventIntensity, effectVariables, type EventLifetime, type EventStage } from './game/event-lifetime.ts';
export type * from './scenario/world-schema.ts';
export type * from './scenario/event-effect-schema.ts';
export type * from './scenario/loop-schema.ts';
export { peopleLoops, peopleLoopsOfRun, loopActivity, loopActivityOf, ledSpans, agreedValue, type PeopleLoops, type PlayedRun, type ScoredLoop, type ScoredEffect, type LoopClosing, type LoopActivity, type LedSpan } from './debrief/people-loops.ts';
export type * from './scenario/guide-schema.ts';
export { ROUND_FIGURES } from './scenario/guide-schema.ts';
export { guideData, type GuideData, type GuideRunResult } from './guide/guide-figures.ts';
