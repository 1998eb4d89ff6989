import type { Scenario } from '../scenario/load-scenario.ts';
import type { DealProposal, DealTerm, GameState } from './game-state.ts';
import type { Decisions } from './simulate-rounds.ts';

/**
 * What the partners agreed, and who broke it: derived from the deals and the decisions, never
 * stored beside them. The reveal, the results, the debrief and the model's trust all read these.
 */

/** What a deal's force depends on: the deals themselves and when (if ever) the alliance ended. */
export interface DealRecord {
  readonly deals: readonly DealProposal[];
  readonly exit: GameState['exit'];
}

/** One broken term: which side, in which round, by which decision value. */
export interface TermBreach {
  readonly side: string;
  readonly round: number;
  readonly deal: DealProposal;
  readonly term: DealTerm;
  /** The value decided, outside the term. */
  readonly value: number;
}

const TOLERANCE = 1e-9;

/** Deals in force in `round`: accepted, binding that round, and the alliance not ended before it. */
export function activeDeals(record: DealRecord, round: number): DealProposal[] {
  // Once the exit has taken effect there is no alliance left whose terms could bind.
  if (record.exit && round > record.exit.round) return [];
  return record.deals.filter((deal) => deal.status === 'accepted' && deal.fromRound! <= round && round <= deal.untilRound!);
}

/** Whether `value` stays within `term`. */
export function keepsTerm(term: DealTerm, value: number): boolean {
  return term.bound === 'at-most' ? value <= term.value + TOLERANCE : value >= term.value - TOLERANCE;
}

/** Every term of the deals in force in `round` that `side`'s decisions break, in the order the deals were made. */
export function breachedTerms(record: DealRecord, side: string, decisions: Readonly<Decisions>, round: number): TermBreach[] {
  const breaches: TermBreach[] = [];
  for (const deal of activeDeals(record, round)) {
    for (const term of deal.terms) {
      if (term.side !== side) continue;
      const value = decisions[term.decision];
      if (value === undefined || keepsTerm(term, value)) continue;
      breaches.push({ side, round, deal, term, value });
    }
  }
  return breaches;
}

/** The first term of a deal in force these decisions would break, if any. */
export function breachedTerm(record: DealRecord, side: string, decisions: Readonly<Decisions>, round: number): TermBreach | undefined {
  return breachedTerms(record, side, decisions, round)[0];
}

/**
 * The terms broken in `round`: from its played decisions once it has been played, from the
 * submitted ones while it is open (what the reveal shows before the round is played).
 */
export function breachesInRound(state: GameState, round: number): TermBreach[] {
  const played = state.history[round - 1];
  const decisions = played ? played.decisions : round === state.round ? state.submissions : {};
  return Object.entries(decisions).flatMap(([side, values]) => breachedTerms(state, side, values, round));
}

/** Every term broken in the rounds played so far, round by round. */
export function termBreaches(state: GameState): TermBreach[] {
  return state.history.flatMap((outcome) => breachesInRound(state, outcome.round));
}

/**
 * The model's inputs for broken terms in one round: each side's declared breach constant, 1 if
 * that side broke a term in force, else 0. Empty for a case that declares none.
 */
export function breachInputs(scenario: Scenario, record: DealRecord, round: number, decisions: Readonly<Record<string, Decisions>>): Record<string, number> {
  const inputs: Record<string, number> = {};
  for (const side of scenario.definition.sides) {
    if (side.breachInput === undefined) continue;
    const chosen = decisions[side.id];
    inputs[side.breachInput] = chosen && breachedTerms(record, side.id, chosen, round).length > 0 ? 1 : 0;
  }
  return inputs;
}
