/**
 * The one account of conduct: for each side and each round, whether it kept the terms in force,
 * moved against them, or had no terms to keep (and then, whether it played the cooperative
 * baseline). Every part of the debrief, the payoff table, the workshop debrief, the replay and the
 * CSV read this analysis; none decides conduct for itself, so they cannot disagree.
 *
 * Which terms are in force in a round:
 * - the charter's terms (each decision's agreed value, in the direction of its good faith), from
 *   round 1 when the case opens on them (`charter.inForce: from-start`), never when it opens in
 *   a habit (`once-agreed`): then the charter is only the cooperative baseline a side is compared
 *   with, not a promise it broke;
 * - the terms of every accepted deal, for the rounds it binds;
 * - none once the exit clause has ended the alliance.
 * pattern: Functional Core
 */
import { activeDeals, keepsTerm } from '../game/deal-terms.ts';
import type { DealProposal, DealTerm } from '../game/game-state.ts';
import type { AllianceExit, RoundOutcome } from '../game/simulate-rounds.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { DecisionDefinition, SideDefinition } from '../scenario/scenario-schema.ts';

export type TermSource = { readonly kind: 'charter' } | { readonly kind: 'deal'; readonly dealId: number; readonly fromRound: number; readonly untilRound: number };

export interface Term extends DealTerm {
  readonly source: TermSource;
}

export type RoundConductKind = 'kept' | 'broke' | 'no-terms';

export interface RoundConduct {
  readonly round: number;
  readonly kind: RoundConductKind;
  /** The terms that bound the side in this round. */
  readonly terms: readonly Term[];
  /** The terms it moved against (only when `kind` is `broke`). */
  readonly broken: readonly Term[];
  /** Whether its decisions met the charter's agreed values: the cooperative baseline, whatever bound it. */
  readonly onBaseline: boolean;
  /** The alliance had ended (exit clause) before this round: nothing bound either side. */
  readonly allianceEnded: boolean;
  /** The workshop server filled in this round's decisions (the seat did not decide): not held against the side. */
  readonly filledIn: boolean;
}

/** Which row or column of the payoff table a side's game sits nearest. */
export type PayoffConduct = 'kept' | 'quick-fix';

export interface SideConduct {
  readonly side: string;
  readonly rounds: readonly RoundConduct[];
  /** Rounds in which it moved against terms in force (rounds the server filled in left out). */
  readonly breachRounds: readonly number[];
  readonly firstBreach: number | null;
  /** The round from which it kept the terms to the end after breaking them, with at least two rounds left; null otherwise. */
  readonly backOnTerms: number | null;
  /** First round in which any terms bound it; null if none ever did. */
  readonly boundFrom: number | null;
  /** Rounds without terms (before any were agreed, or after the alliance ended) in which it played away from the cooperative baseline. */
  readonly offBaselineRounds: readonly number[];
  /** Breach rounds and off-baseline rounds together: every round it did not play the cooperative way. */
  readonly awayRounds: readonly number[];
  /** The round from which it played the cooperative way to the end after being away from it (at least two rounds left); null otherwise. */
  readonly cooperativeFrom: number | null;
  readonly payoffConduct: PayoffConduct;
}

export interface ConductAnalysis {
  readonly charterInForce: 'from-start' | 'once-agreed';
  readonly sides: ReadonlyMap<string, SideConduct>;
}

export interface ConductInput {
  readonly history: readonly RoundOutcome[];
  readonly deals: readonly DealProposal[];
  readonly exit: AllianceExit | null;
  /** Rounds the workshop server filled in for a seat that did not decide. */
  readonly filledIn?: readonly { readonly side: string; readonly round: number }[];
}

const EXACT = 1e-9;

/** The charter's terms for a side: every decision with a direction of good faith, at its agreed value. */
export function charterTerms(side: SideDefinition): Term[] {
  return side.decisions.flatMap((decision) => {
    if (decision.goodFaith === 'neutral') return [];
    return [{ side: side.id, decision: decision.id, bound: decision.goodFaith === 'lower' ? 'at-most' : 'at-least', value: decision.agreed ?? decision.default, source: { kind: 'charter' } } as const];
  });
}

/**
 * How far a value may stray from a term before it counts as moved against it: half a step for
 * the charter's agreed values (a field snaps to its step), none for a deal's own number.
 */
function tolerance(term: Term, decision: DecisionDefinition | undefined): number {
  return term.source.kind === 'charter' && decision ? decision.step / 2 : EXACT;
}

/** True when `value` keeps the term. */
export function meetsTerm(term: Term, value: number, decision?: DecisionDefinition): boolean {
  // A deal's term is judged exactly as the reveal, the results and the model's trust judge it.
  if (term.source.kind === 'deal') return keepsTerm(term, value);
  const slack = tolerance(term, decision);
  return term.bound === 'at-most' ? value <= term.value + slack : value >= term.value - slack;
}

/** Accepted deals' terms that bind `side` in `round` (the rules' own activeDeals: one account of what binds). */
export function dealTermsInForce(deals: readonly DealProposal[], side: string, round: number): Term[] {
  return activeDeals({ deals, exit: null }, round).flatMap((deal) => {
    const source: TermSource = { kind: 'deal', dealId: deal.id, fromRound: deal.fromRound!, untilRound: deal.untilRound! };
    return deal.terms.filter((term) => term.side === side).map((term) => ({ ...term, source }));
  });
}

/** The terms that bind a side in a round (before anything is decided): the charter's if in force, the deals', none after an exit. */
export function termsInForce(scenario: Scenario, side: SideDefinition, round: number, deals: readonly DealProposal[], exit: AllianceExit | null): Term[] {
  if (exit && round > exit.round) return [];
  const charter = scenario.definition.charter.inForce === 'from-start' ? charterTerms(side) : [];
  return [...charter, ...dealTermsInForce(deals, side.id, round)];
}

function roundConduct(scenario: Scenario, side: SideDefinition, outcome: RoundOutcome, input: ConductInput): RoundConduct {
  const decisions = outcome.decisions[side.id] ?? {};
  const decisionOf = new Map(side.decisions.map((decision) => [decision.id, decision]));
  const meets = (term: Term): boolean => {
    const value = decisions[term.decision];
    return value === undefined || meetsTerm(term, value, decisionOf.get(term.decision));
  };
  const terms = termsInForce(scenario, side, outcome.round, input.deals, input.exit);
  const broken = terms.filter((term) => !meets(term));
  const filledIn = input.filledIn?.some((mark) => mark.side === side.id && mark.round === outcome.round) ?? false;
  return {
    round: outcome.round,
    kind: terms.length === 0 ? 'no-terms' : broken.length > 0 ? 'broke' : 'kept',
    terms,
    broken,
    onBaseline: charterTerms(side).every(meets),
    allianceEnded: input.exit !== null && outcome.round > input.exit.round,
    filledIn,
  };
}

/** The round from which a side kept the terms to the end after breaking them (at least two rounds left), else null. */
function backOnTerms(breaches: readonly number[], rounds: number): number | null {
  const last = breaches.at(-1);
  if (last === undefined || last >= rounds - 1) return null;
  return last + 1;
}

function sideConduct(scenario: Scenario, side: SideDefinition, input: ConductInput): SideConduct {
  const rounds = input.history.map((outcome) => roundConduct(scenario, side, outcome, input));
  const breachRounds = rounds.filter((entry) => entry.kind === 'broke' && !entry.filledIn).map((entry) => entry.round);
  const offBaselineRounds = rounds.filter((entry) => entry.kind === 'no-terms' && !entry.onBaseline && !entry.filledIn).map((entry) => entry.round);
  const boundFrom = rounds.find((entry) => entry.terms.length > 0)?.round ?? null;
  const awayRounds = [...breachRounds, ...offBaselineRounds].sort((a, b) => a - b);
  // A side that moved against terms it was bound by took the quick fix; one that kept every term
  // it was bound by kept them; one never bound is placed by the baseline it played most.
  const payoffConduct: PayoffConduct =
    breachRounds.length > 0 ? 'quick-fix' : boundFrom !== null ? 'kept' : 2 * offBaselineRounds.length > rounds.length ? 'quick-fix' : 'kept';
  return {
    side: side.id,
    rounds,
    breachRounds,
    firstBreach: breachRounds[0] ?? null,
    backOnTerms: backOnTerms(breachRounds, rounds.length),
    boundFrom,
    offBaselineRounds,
    awayRounds,
    cooperativeFrom: backOnTerms(awayRounds, rounds.length),
    payoffConduct,
  };
}

export function conductAnalysis(scenario: Scenario, input: ConductInput): ConductAnalysis {
  return {
    charterInForce: scenario.definition.charter.inForce,
    sides: new Map(scenario.definition.sides.map((side) => [side.id, sideConduct(scenario, side, input)])),
  };
}

/** A side's conduct, which the analysis always holds for every side of the scenario. */
export function conductOf(analysis: ConductAnalysis, side: string): SideConduct {
  const found = analysis.sides.get(side);
  if (!found) throw new Error(`no conduct for side "${side}"`);
  return found;
}
