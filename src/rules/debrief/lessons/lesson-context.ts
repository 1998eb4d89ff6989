/**
 * What every lesson reads: the game, its analysis, and a few facts derived once (names, the
 * events that ran). A lesson is a statement with a kind and whether this game showed it.
 * pattern: Functional Core
 */
import type { GameState } from '../../game/game-state.ts';
import type { Scenario } from '../../scenario/load-scenario.ts';
import type { EventDefinition, LessonKind, SideDefinition } from '../../scenario/scenario-schema.ts';
import type { DebriefAnalysis } from '../debrief-analysis.ts';
import { conductOf, type SideConduct } from '../conduct.ts';
import type { Claim, Statement } from '../statements.ts';

export interface Lesson {
  readonly kind: LessonKind;
  /** True when this game's numbers show the lesson; false: the statements say why it did not. */
  readonly shown: boolean;
  /** One paragraph: the first statement carries the lesson, any others add to it. */
  readonly statements: readonly Statement[];
}

export interface LessonContext {
  readonly scenario: Scenario;
  readonly state: GameState;
  readonly analysis: DebriefAnalysis;
  readonly sides: readonly SideDefinition[];
  readonly rounds: number;
  /** Events that began within the game's rounds, earliest first. */
  readonly eventsRan: readonly { readonly event: EventDefinition; readonly round: number }[];
}

export function lessonContext(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): LessonContext {
  const rounds = state.history.length;
  const definitions = new Map(scenario.definition.events.map((event) => [event.id, event]));
  const scheduled = [
    ...scenario.definition.events.filter((event) => event.alwaysOn && event.defaultRound !== null && !state.events.some((e) => e.eventId === event.id)).map((event) => ({ eventId: event.id, round: event.defaultRound! })),
    ...state.events,
  ];
  const eventsRan = scheduled
    .filter((entry) => entry.round <= rounds && definitions.has(entry.eventId))
    .map((entry) => ({ event: definitions.get(entry.eventId)!, round: entry.round }))
    .sort((a, b) => a.round - b.round);
  return { scenario, state, analysis, sides: scenario.definition.sides, rounds, eventsRan };
}

export function sideConduct(context: LessonContext, side: SideDefinition): SideConduct {
  return conductOf(context.analysis.conduct, side.id);
}

export function partnerOf(context: LessonContext, side: SideDefinition): SideDefinition {
  return context.sides.find((candidate) => candidate.id !== side.id)!;
}

/** The claim that a side's rounds away from the cooperative way were these (broke terms, or played off the baseline with none). */
export function awayClaims(context: LessonContext, side: SideDefinition, rounds: readonly number[]): Claim[] {
  const conduct = sideConduct(context, side);
  const broke = rounds.filter((round) => conduct.breachRounds.includes(round));
  const off = rounds.filter((round) => conduct.offBaselineRounds.includes(round));
  return [
    ...(broke.length > 0 ? [{ kind: 'conduct', side: side.id, rounds: broke, conduct: 'broke' } as const] : []),
    ...(off.length > 0 ? [{ kind: 'conduct', side: side.id, rounds: off, conduct: 'no-terms' } as const] : []),
  ];
}

/** Whether a side's first move broke terms in force ("moved against the agreed terms") or came where none bound it. */
export function firstMoveWords(context: LessonContext, side: SideDefinition): 'terms' | 'baseline' {
  const conduct = sideConduct(context, side);
  const first = conduct.awayRounds[0];
  return first !== undefined && conduct.breachRounds.includes(first) ? 'terms' : 'baseline';
}

export const lesson = (kind: Lesson['kind'], shown: boolean, ...statements: Statement[]): Lesson => ({ kind, shown, statements });
