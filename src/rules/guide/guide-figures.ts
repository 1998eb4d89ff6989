import { ledSpans, peopleLoopsOfRun, type LedSpan } from '../debrief/people-loops.ts';
import { calibrate } from '../game/calibrate.ts';
import { playHeadless } from '../game/play-headless.ts';
import type { RoundOutcome } from '../game/simulate-rounds.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { GuideFigure, GuideRun } from '../scenario/guide-schema.ts';

/**
 * The facilitator guide's numbers: each scripted game of the guide block played by the rules
 * (the same strategies the computer partners use), its loops through the teams scored, and each
 * named figure read off the games. Nothing here is written by hand.
 */
export interface GuideRunResult {
  readonly run: GuideRun;
  readonly rounds: readonly RoundOutcome[];
  /** Which loop through the teams led when; empty when the case declares no loops. */
  readonly loops: readonly LedSpan[];
}

export interface GuideData {
  readonly runs: readonly GuideRunResult[];
  /** Figure name → value (in the KPI's own units, before its display scale; a round number for lowestRound/highestRound). */
  readonly figures: Readonly<Record<string, number>>;
}

const cache = new WeakMap<Scenario, GuideData | null>();

export function guideData(scenario: Scenario): GuideData | null {
  if (cache.has(scenario)) return cache.get(scenario)!;
  const guide = scenario.definition.guide;
  let data: GuideData | null = null;
  if (guide) {
    const runs = guide.runs.map((run) => playRun(scenario, run));
    const byId = new Map(runs.map((result) => [result.run.id, result]));
    const figures: Record<string, number> = {};
    for (const [name, figure] of Object.entries(guide.figures)) {
      const run = byId.get(figure.run)!;
      if (figure.take === 'paybackRound') figures[name] = payback(run, byId.get(figure.minus!)!, figure);
      else if (figure.take === 'roundsBelow') figures[name] = roundsBelow(run, byId.get(figure.minus!)!, figure);
      else figures[name] = figure.minus === undefined ? read(run, figure) : read(run, figure) - read(byId.get(figure.minus)!, figure);
    }
    data = { runs, figures };
  }
  cache.set(scenario, data);
  return data;
}

function playRun(scenario: Scenario, run: GuideRun): GuideRunResult {
  const events = run.events.map((event) => ({ eventId: event.event, round: event.round }));
  const strategies = Object.fromEntries(Object.entries(run.sides).map(([side, steps]) => [side, steps.map((step) => ({ id: step.strategy, fromRound: step.fromRound }))]));
  const result = playHeadless(scenario, { strategies, events, ...(run.rounds === undefined ? {} : { rounds: run.rounds }) });
  const loops = peopleLoopsOfRun(scenario, { constants: calibrate(scenario, {}), events, exit: null, decisions: result.rounds.map((round) => round.decisions) });
  return { run, rounds: result.rounds, loops: loops ? ledSpans(loops) : [] };
}

function valuesOf(result: GuideRunResult, figure: GuideFigure): number[] {
  const from = figure.from ?? 1;
  const to = figure.to ?? result.rounds.length;
  return result.rounds.slice(from - 1, to).map((round) => round.kpis[figure.side]?.[figure.kpi] ?? Number.NaN);
}

/** The first round from which the running sum of (run − other) stays at or above zero; NaN when it never does. */
function payback(run: GuideRunResult, other: GuideRunResult, figure: GuideFigure): number {
  const mine = valuesOf(run, figure);
  const theirs = valuesOf(other, figure);
  let total = 0;
  let from = Number.NaN;
  mine.forEach((value, i) => {
    total += value - theirs[i]!;
    if (total >= 0 && Number.isNaN(from)) from = (figure.from ?? 1) + i;
    if (total < 0) from = Number.NaN;
  });
  return from;
}

/** How many rounds of the range the run was below the other. */
function roundsBelow(run: GuideRunResult, other: GuideRunResult, figure: GuideFigure): number {
  const theirs = valuesOf(other, figure);
  return valuesOf(run, figure).filter((value, i) => value < theirs[i]!).length;
}

function read(result: GuideRunResult, figure: GuideFigure): number {
  const from = figure.from ?? 1;
  const values = valuesOf(result, figure);
  switch (figure.take) {
    case 'end':
      return values.at(-1) ?? Number.NaN;
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'mean':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'paybackRound':
    case 'roundsBelow':
      return Number.NaN;
    case 'lowest':
      return Math.min(...values);
    case 'highest':
      return Math.max(...values);
    case 'lowestRound':
      return from + values.indexOf(Math.min(...values));
    case 'highestRound':
      return from + values.indexOf(Math.max(...values));
  }
}
