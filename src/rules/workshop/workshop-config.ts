import type { CreateWorkshopOptions, WorkshopRefusal } from '../../protocol/index.ts';
import type { Seat } from '../game/game-state.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import { findStrategy, strategyIds } from '../strategies/choose-decisions.ts';
import type { WorkshopConfig } from './workshop-state.ts';

/**
 * A new workshop's configuration from a facilitator's create options, checked against the
 * scenario's own lists: every side, strategy and event named in the options must be one the
 * scenario has. The options arrive from the network; a name such as `constructor` or `__proto__`
 * is a name like any other here, and is refused unless the scenario defines it.
 */
export type ConfigResult = { readonly ok: true; readonly config: WorkshopConfig } | { readonly ok: false; readonly refusal: WorkshopRefusal };

export function workshopConfigFrom(scenario: Scenario, options: CreateWorkshopOptions, secrets: { readonly code: string; readonly facilitatorSecretHash: string }): ConfigResult {
  const definition = scenario.definition;
  const sides = new Map(definition.sides.map((side) => [side.id, side]));
  const refuse = (refusal: WorkshopRefusal): ConfigResult => ({ ok: false, refusal });
  const strategyProblem = (side: string, strategy: string): WorkshopRefusal | null =>
    findStrategy(scenario, side, strategy) ? null : { code: 'strategyUnknown', sideName: sides.get(side)!.name, strategy, strategies: strategyIds(scenario, side) };

  const computerSeats = new Map(Object.entries(options.computerSeats ?? {}));
  for (const [side, strategy] of computerSeats) {
    if (!sides.has(side)) return refuse({ code: 'sideUnknown', side, title: definition.title });
    const problem = strategyProblem(side, strategy);
    if (problem) return refuse(problem);
  }
  const seats: Record<string, Seat> = {};
  for (const side of definition.sides) {
    const strategy = computerSeats.get(side.id);
    seats[side.id] = strategy === undefined ? { kind: 'human' } : { kind: 'computer', strategy };
  }
  const emptySeats: Record<string, string> = {};
  for (const [side, strategy] of Object.entries(options.emptySeats ?? {})) {
    if (!sides.has(side)) return refuse({ code: 'sideUnknown', side, title: definition.title });
    if (computerSeats.has(side)) return refuse({ code: 'sidePlayedByComputer', sideName: sides.get(side)!.name });
    const problem = strategyProblem(side, strategy);
    if (problem) return refuse(problem);
    emptySeats[side] = strategy;
  }
  const rounds = Math.min(options.rounds, definition.rounds.count);
  const events = new Map(definition.events.map((event) => [event.id, event]));
  const seen = new Set<string>();
  for (const scheduled of options.events ?? []) {
    const event = events.get(scheduled.eventId);
    if (!event) return refuse({ code: 'eventUnknown', eventId: scheduled.eventId, title: definition.title });
    if (seen.has(scheduled.eventId)) return refuse({ code: 'eventTwice', event: event.name.toLowerCase() });
    seen.add(scheduled.eventId);
    if (scheduled.round > rounds) return refuse({ code: 'eventAfterLastRound', event: event.name.toLowerCase(), round: scheduled.round, rounds });
  }
  return {
    ok: true,
    config: {
      scenarioId: options.scenarioId,
      alliances: options.alliances,
      rounds,
      roundSeconds: options.roundSeconds,
      seed: options.seed ?? 1,
      seats,
      ...(Object.keys(emptySeats).length > 0 ? { emptySeats } : {}),
      ...(options.events && options.events.length > 0 ? { events: options.events } : {}),
      code: secrets.code,
      facilitatorSecretHash: secrets.facilitatorSecretHash,
    },
  };
}

/**
 * The same checks for a configuration read back from the log (written by an older server, or
 * damaged): a workshop whose configuration the scenario no longer accepts is not replayed.
 */
export function configProblem(scenario: Scenario, config: WorkshopConfig): WorkshopRefusal | null {
  // fromEntries defines own properties: a side named "__proto__" in a damaged log stays a name.
  const computerSeats = Object.fromEntries(Object.entries(config.seats ?? {}).flatMap(([side, seat]) => (seat?.kind === 'computer' ? [[side, seat.strategy]] : [])));
  for (const side of scenario.definition.sides) {
    if (!Object.hasOwn(config.seats ?? {}, side.id)) return { code: 'seatMissing', sideName: side.name };
  }
  if (Object.keys(config.seats).length !== scenario.definition.sides.length) return { code: 'seatForNoSide' };
  const result = workshopConfigFrom(
    scenario,
    {
      scenarioId: config.scenarioId,
      alliances: config.alliances,
      rounds: config.rounds,
      roundSeconds: config.roundSeconds,
      seed: config.seed,
      computerSeats,
      ...(config.emptySeats ? { emptySeats: { ...config.emptySeats } } : {}),
      ...(config.events ? { events: [...config.events] } : {}),
    },
    config,
  );
  return result.ok ? null : result.refusal;
}
