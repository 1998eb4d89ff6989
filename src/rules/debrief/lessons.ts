/**
 * The lessons of one game. Each case declares the lessons it teaches (game.json
 * `debrief.lessons`, from the reference behaviours of the cases); for each, this game either shows
 * it, and the lesson quotes the game's own numbers, or does not, and a short line says why. Besides
 * them, observations of what else the game showed (the exit, trust, the stocks that carried the
 * harm). Statements only; the words are in the message catalogue (debrief.json `lesson.*`).
 * pattern: Functional Core
 */
import type { GameState } from '../game/game-state.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { LessonKind } from '../scenario/scenario-schema.ts';
import type { DebriefAnalysis } from './debrief-analysis.ts';
import type { Statement } from './statements.ts';
import { damageOutlivesDecisions, eachFixHurtsTheOther, reflexPaysAtFirst, thenItCostsBoth, trapNotBargain } from './lessons/conduct-lessons.ts';
import { lessonContext, type Lesson, type LessonContext } from './lessons/lesson-context.ts';
import { bothWin, bullwhip, goalMismatch, goodTimesStable, worseBeforeBetter } from './lessons/market-lessons.ts';
import { exitObservation, stocksObservation, trustObservation } from './lessons/observations.ts';

export type { Lesson } from './lessons/lesson-context.ts';

const LESSONS: Readonly<Record<LessonKind, (context: LessonContext) => Lesson>> = {
  'good-times-stable': goodTimesStable,
  'reflex-pays-at-first': reflexPaysAtFirst,
  'then-it-costs-both': thenItCostsBoth,
  'trap-not-bargain': trapNotBargain,
  'damage-outlives-decisions': damageOutlivesDecisions,
  'goal-mismatch': goalMismatch,
  bullwhip,
  'worse-before-better': worseBeforeBetter,
  'both-win': bothWin,
  'each-fix-hurts-the-other': eachFixHurtsTheOther,
};

export interface GameLessons {
  /** The case's lessons this game showed, in the case's order. */
  readonly shown: readonly Lesson[];
  /** The case's lessons this game did not show, each with why not. */
  readonly notShown: readonly Lesson[];
  /** What else the game showed. */
  readonly observations: readonly Statement[];
}

export function lessonsFor(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): GameLessons {
  if (state.history.length === 0) return { shown: [], notShown: [], observations: [] };
  const context = lessonContext(scenario, state, analysis);
  const all = scenario.definition.debrief.lessons.map((kind) => LESSONS[kind](context));
  const shown = all.filter((entry) => entry.shown);
  // A lesson that already named the stock that carried the harm leaves it out of the observations.
  const stockNamed = shown.some((entry) => entry.statements.some((statement) => statement.key.endsWith('.stock')));
  const observations = [exitObservation(context), trustObservation(context), stockNamed ? null : stocksObservation(context)].filter((entry): entry is Statement => entry !== null);
  return { shown, notShown: all.filter((entry) => !entry.shown), observations };
}
