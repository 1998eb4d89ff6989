import { defaultDecisions, gameConstants, simulateRounds, type RoundDecisions, type Scenario, type ScheduledEvent } from '../rules/index.ts';
import { allianceGame, keyKpis, type AllianceSnapshot, type KpiColumn, type WorkshopSnapshot } from './workshop-store.ts';

/**
 * The facilitator's event timeline: for every alliance, when each of the case's events begins
 * (or that it is not scheduled), whether it has begun, and the rounds it can still be moved to.
 * Also a preview of what an event would do to an alliance if both sides held their course.
 */
export type EventStatus = 'begun' | 'scheduled' | 'not-scheduled';

export interface TimelineCell {
  readonly alliance: number;
  readonly eventId: string;
  readonly round: number | null;
  readonly status: EventStatus;
  /** Set by the facilitator (fired, moved) rather than at the workshop's creation. */
  readonly byFacilitator: boolean;
  /** The first round the event can still be put into in this alliance; null once the workshop is over. */
  readonly earliest: number | null;
}

/** The open round until both sides have decided it, otherwise the next one (as the rules allow). */
export function earliestRoundFor(alliance: AllianceSnapshot, rounds: number): number | null {
  const earliest = alliance.phase === 'briefing' || alliance.phase === 'decide' ? Math.max(1, alliance.round) : alliance.round + 1;
  return alliance.phase === 'debrief' || earliest > rounds ? null : earliest;
}

export function timelineCells(snapshot: WorkshopSnapshot, scenario: Scenario): TimelineCell[][] {
  return snapshot.alliances.map((alliance) => {
    const earliest = earliestRoundFor(alliance, snapshot.rounds);
    return scenario.definition.events.map((event) => {
      const scheduled = alliance.events.find((candidate) => candidate.eventId === event.id);
      if (!scheduled) return { alliance: alliance.index, eventId: event.id, round: null, status: 'not-scheduled', byFacilitator: false, earliest };
      const begun = earliest === null || scheduled.round < earliest;
      return { alliance: alliance.index, eventId: event.id, round: scheduled.round, status: begun ? 'begun' : 'scheduled', byFacilitator: scheduled.source === 'facilitator', earliest };
    });
  });
}

export interface EventImpact {
  readonly kpi: KpiColumn;
  /** In display units, in the workshop's last round. */
  readonly without: number;
  readonly withEvent: number;
}

export interface EventPreview {
  readonly alliance: number;
  readonly eventId: string;
  readonly round: number;
  readonly lastRound: number;
  readonly impacts: readonly EventImpact[];
}

/**
 * What the event, beginning in `round`, would change by the workshop's last round in this
 * alliance, if both sides kept their latest decisions from now on (the rounds played stay as
 * played). Both runs keep every other scheduled event, so the difference is this event's alone.
 */
export function eventPreview(snapshot: WorkshopSnapshot, scenario: Scenario, allianceIndex: number, eventId: string, round: number): EventPreview {
  const game = allianceGame(snapshot, scenario, allianceIndex);
  const lastRound = snapshot.rounds;
  const played = game.history.map((outcome) => outcome.decisions);
  const latest = played.at(-1) ?? defaultRoundDecisions(scenario);
  const decisions: RoundDecisions[] = Array.from({ length: lastRound }, (_, index) => played[index] ?? latest);
  const others: ScheduledEvent[] = game.events.filter((event) => event.eventId !== eventId).map(({ eventId: id, round: at }) => ({ eventId: id, round: at }));
  const constants = gameConstants(scenario, game.settings);
  const final = (events: readonly ScheduledEvent[]) => simulateRounds(scenario, constants, events, decisions, game.exit, { rounds: lastRound, deals: game.deals }).outcomes.at(-1)!;
  const without = final(others);
  const withEvent = final([...others, { eventId, round }]);
  const impacts = keyKpis(scenario).map((kpi) => ({
    kpi,
    without: (without.kpis[kpi.side]?.[kpi.id] ?? Number.NaN) * kpi.scale,
    withEvent: (withEvent.kpis[kpi.side]?.[kpi.id] ?? Number.NaN) * kpi.scale,
  }));
  return { alliance: allianceIndex, eventId, round, lastRound, impacts };
}

function defaultRoundDecisions(scenario: Scenario): RoundDecisions {
  return Object.fromEntries(scenario.definition.sides.map((side) => [side.id, defaultDecisions(side)]));
}
