import type { GameSettings, GameState, ScheduledEvent, Seat } from '../game/game-state.ts';
import type { FacilitatorCommand, Refusal, TeamIntent } from '../../protocol/index.ts';

/**
 * A facilitated workshop as pure, replayable data: its configuration plus a log of entries. Every
 * alliance is one rules game; workshop-wide commands (end the round, next round, inject an event)
 * turn into rules actions here, so replaying the log gives the same games on any server.
 * The server only adds I/O: sockets, timers, secrets and the database.
 */
export interface WorkshopConfig {
  readonly scenarioId: string;
  readonly alliances: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly seed: number;
  /** The same seats in every alliance. */
  readonly seats: Readonly<Record<string, Seat>>;
  /** Team sides whose seats the computer plays (with this strategy) when nobody has taken them at the start. */
  readonly emptySeats?: Readonly<Record<string, string>>;
  /** Events scheduled in every alliance when the workshop was created. */
  readonly events?: readonly ScheduledEvent[];
  readonly code: string;
  /** SHA-256 (hex) of the facilitator's secret; the secret itself is never stored. */
  readonly facilitatorSecretHash: string;
}

export type WorkshopEntry =
  | { readonly kind: 'create'; readonly at: number; readonly config: WorkshopConfig }
  | { readonly kind: 'claimSeat'; readonly at: number; readonly alliance: number; readonly side: string; readonly tokenHash: string }
  | { readonly kind: 'team'; readonly at: number; readonly alliance: number; readonly side: string; readonly intent: TeamIntent }
  | { readonly kind: 'facilitator'; readonly at: number; readonly command: FacilitatorCommand; readonly by?: 'timer' };

export type WorkshopPhase = 'lobby' | 'decide' | 'results' | 'finished';

export interface FallbackMark {
  readonly round: number;
  readonly side: string;
}

export interface WorkshopState {
  readonly config: WorkshopConfig;
  readonly phase: WorkshopPhase;
  readonly round: number;
  readonly games: readonly GameState[];
  /** Per alliance: the decisions the server filled in with last round's values. */
  readonly fallbacks: readonly (readonly FallbackMark[])[];
  /** "alliance:side" → token hash. */
  readonly seatTokens: Readonly<Record<string, string>>;
  /** Epoch ms when the round's time is up; null when no timer runs. */
  readonly deadline: number | null;
  /** Time left while paused. */
  readonly pausedRemainingMs: number | null;
  /**
   * The round was reopened by an undo of its end: both sides have seen what was played, so the
   * decisions stay as they were (neither side may change them) until the round is ended again.
   */
  readonly decisionsLocked: boolean;
  readonly announcements: readonly { readonly text: string; readonly at: number }[];
}

/** `notes`: what a command for every alliance could not do in some of them (it did the rest). */
export type EntryResult = { readonly ok: true; readonly state: WorkshopState; readonly notes?: readonly Refusal[] } | { readonly ok: false; readonly refusal: Refusal };

export const seatKey = (alliance: number, side: string): string => `${alliance}:${side}`;

export function gameSettingsOf(config: WorkshopConfig, alliance: number): GameSettings {
  return { scenarioId: config.scenarioId, rounds: config.rounds, seed: config.seed + alliance, seats: config.seats, partnerYardstickVisible: false, events: config.events ?? [] };
}
