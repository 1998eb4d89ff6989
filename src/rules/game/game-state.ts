import type { KpiValues } from './round-kpis.ts';
import type { Decisions, RoundOutcome, ScheduledEvent } from './simulate-rounds.ts';

/** Who sits in a side's seat. */
export type Seat = { readonly kind: 'human' } | { readonly kind: 'computer'; readonly strategy: string };

export interface GameSettings {
  readonly scenarioId: string;
  readonly rounds: number;
  readonly seed: number;
  readonly seats: Readonly<Record<string, Seat>>;
  /** Each side sees the other's yardstick during play (on by default in solo play). */
  readonly partnerYardstickVisible: boolean;
  /** Events chosen when the game was set up. */
  readonly events: readonly ScheduledEvent[];
  /** Constants changed by the instructor, before the scenario's calibration. */
  readonly constants?: Readonly<Record<string, number>>;
}

export type Phase = 'briefing' | 'decide' | 'reveal' | 'results' | 'debrief';

export interface DealTerm {
  readonly side: string;
  readonly decision: string;
  readonly bound: 'at-most' | 'at-least';
  readonly value: number;
}

export interface DealProposal {
  readonly id: number;
  readonly from: string;
  readonly terms: readonly DealTerm[];
  readonly rounds: number;
  readonly proposedInRound: number;
  readonly status: 'open' | 'accepted' | 'rejected' | 'countered' | 'withdrawn';
  /** For an accepted deal: the round in which it was agreed. */
  readonly agreedInRound?: number;
  /** For an accepted deal: the rounds it binds, inclusive. */
  readonly fromRound?: number;
  readonly untilRound?: number;
  readonly counterTo?: number;
}

export interface EventRecord extends ScheduledEvent {
  readonly source: 'setup' | 'facilitator';
}

export interface GameState {
  readonly settings: GameSettings;
  readonly phase: Phase;
  /** The round being decided or just played (1-based; 0 before the start). */
  readonly round: number;
  /** This round's submitted decisions per side; absent until submitted. */
  readonly submissions: Readonly<Record<string, Decisions>>;
  readonly history: readonly RoundOutcome[];
  readonly events: readonly EventRecord[];
  readonly deals: readonly DealProposal[];
  readonly exit: { readonly side: string; readonly round: number } | null;
}

export type { Decisions, KpiValues, RoundOutcome, ScheduledEvent };
