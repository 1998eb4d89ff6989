/**
 * What each event of the game did, in one sentence each: when its effect began, when it was at its
 * strongest and when it ended, as the rules read it from the model ("The market downturn ran from
 * quarter 5 to 14, at its strongest in quarters 7–10.").
 */
import { gameEventLifetimes, type EventLifetime, type GameState, type Scenario } from '../../rules/index.ts';
import { t } from '../i18n.ts';

/** "quarter 7" or "quarters 7–10". */
function span(from: number, to: number, unit: string, units: string): string {
  return from === to ? `${unit} ${from}` : `${units} ${from}–${to}`;
}

export function eventLifetimeSentence(name: string, lifetime: EventLifetime, rounds: number, unit: string, units: string): string {
  if (lifetime.firstRound === null || lifetime.firstRound > rounds) return t('debrief.eventNoEffect', { event: name });
  // A step (as strong all along as at its peak) has no peak worth naming.
  const flat = lifetime.peakFrom === lifetime.firstRound && lifetime.peakTo === lifetime.lastRound;
  const peak = !flat && lifetime.peakFrom !== null && lifetime.peakFrom <= rounds ? t('debrief.eventPeak', { rounds: span(lifetime.peakFrom, Math.min(lifetime.peakTo ?? lifetime.peakFrom, rounds), unit, units) }) : '';
  const stillOn = lifetime.outlastsModel || (lifetime.lastRound ?? rounds) >= rounds;
  return stillOn
    ? t('debrief.eventStillOn', { event: name, unit, from: lifetime.firstRound, peak })
    : t('debrief.eventRan', { event: name, unit, from: lifetime.firstRound, to: lifetime.lastRound!, peak });
}

/** One sentence per event the game scheduled, in the order of their start. */
export function eventLifetimeLines(scenario: Scenario, state: GameState): string[] {
  const definition = scenario.definition;
  const rounds = state.history.length;
  const lifetimes = gameEventLifetimes(scenario, state);
  return state.events
    .map((event, i) => ({ event, lifetime: lifetimes[i]! }))
    .filter(({ event }) => event.round <= Math.max(1, rounds))
    .sort((a, b) => a.event.round - b.event.round)
    .map(({ event, lifetime }) => {
      const name = definition.events.find((candidate) => candidate.id === event.eventId)?.name ?? event.eventId;
      return eventLifetimeSentence(name, lifetime, rounds, definition.rounds.unit, definition.rounds.unitPlural);
    });
}
