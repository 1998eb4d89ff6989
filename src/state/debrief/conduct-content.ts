/**
 * The debrief's account of who kept the terms, as statements: what bound each side and when,
 * where it kept or broke them, and where nothing bound it (then compared with the cooperative
 * way, and the debrief says so). Read from the one conduct analysis.
 * pattern: Functional Core
 */
import { charterTerms, conductOf, label, termList, type TermParam, type DebriefAnalysis, type GameState, type Scenario, type SideDefinition, sideName, type Statement, type Term } from '../../rules/index.ts';
import { StatementBuilder, roundList, statement } from '../../rules/index.ts';

/** A term as data for the words: whose decision, its label and unit, the bound, and the option's label for a choice. */
export function termParam(side: SideDefinition, term: Pick<Term, 'decision' | 'bound' | 'value'>): TermParam {
  const decision = side.decisions.find((candidate) => candidate.id === term.decision);
  const choice = decision?.choices?.find((option) => option.value === term.value)?.label;
  return { side: side.name, decision: decision?.label ?? term.decision, unit: decision?.unit ?? '', bound: term.bound, value: term.value, ...(choice === undefined ? {} : { choice }) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The opening statements: what bound the sides (the charter from round 1, or nothing until a deal), and which yardstick the debrief uses where nothing did. */
export function termsStatements(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): Statement[] {
  const definition = scenario.definition;
  const terms = termList(definition.sides.flatMap((side) => charterTerms(side).map((term) => termParam(side, term))));
  const out: Statement[] = [];
  if (definition.charter.inForce === 'from-start') out.push(statement('conduct.charter-from-start', { charter: label(definition.charter.title), terms }));
  const deals = state.deals.filter((deal) => deal.status === 'accepted' && deal.fromRound !== undefined && deal.untilRound !== undefined && deal.fromRound <= analysis.rounds);
  for (const deal of deals) {
    const words = termList(
      deal.terms.flatMap((term) => {
        const side = definition.sides.find((candidate) => candidate.id === term.side);
        return side ? [termParam(side, term)] : [];
      }),
    );
    const proposer = definition.sides.find((side) => side.id === deal.from);
    out.push(statement('conduct.deal', { proposer: proposer ? sideName(proposer) : deal.from, round: deal.proposedInRound, from: deal.fromRound!, until: Math.min(deal.untilRound!, analysis.rounds), terms: words }));
  }
  const unbound = [...analysis.conduct.sides.values()].some((side) => side.rounds.some((round) => round.kind === 'no-terms'));
  if (unbound) out.push(statement('conduct.baseline', { charter: label(definition.charter.title), terms }));
  const exit = state.exit;
  const leaver = exit ? definition.sides.find((side) => side.id === exit.side) : undefined;
  if (exit) out.push(statement('conduct.exit', { side: leaver ? sideName(leaver) : exit.side, round: exit.round, from: exit.round + 1 }));
  return out;
}

/** One or two statements per side: where terms bound it, did it keep them; where none did, did it play the cooperative way. */
export function sideConductStatements(scenario: Scenario, analysis: DebriefAnalysis, side: SideDefinition): Statement[] {
  const conduct = conductOf(analysis.conduct, side.id);
  const bound = conduct.rounds.filter((round) => round.kind !== 'no-terms').map((round) => round.round);
  const unbound = conduct.rounds.filter((round) => round.kind === 'no-terms' && !round.allianceEnded).map((round) => round.round);
  const ended = conduct.rounds.filter((round) => round.allianceEnded).map((round) => round.round);
  const filledIn = conduct.rounds.filter((round) => round.filledIn).map((round) => round.round);
  const out: Statement[] = [];
  if (bound.length > 0) {
    const s = new StatementBuilder();
    const all = bound.length === analysis.rounds;
    if (conduct.breachRounds.length === 0) {
      s.claim({ kind: 'conduct', side: side.id, rounds: bound.filter((round) => !filledIn.includes(round)), conduct: 'kept' }, { kind: 'conduct', side: side.id, rounds: [], conduct: 'broke', complete: true });
      out.push(s.build(all ? 'conduct.kept-all' : 'conduct.kept-bound', { side: sideName(side), rounds: roundList(bound) }));
    } else {
      s.claim({ kind: 'conduct', side: side.id, rounds: conduct.breachRounds, conduct: 'broke', complete: true });
      if (conduct.backOnTerms !== null) s.claim({ kind: 'conduct', side: side.id, rounds: range(conduct.backOnTerms, analysis.rounds).filter((round) => bound.includes(round)), conduct: 'kept' });
      out.push(s.build(conduct.backOnTerms === null ? 'conduct.broke' : 'conduct.broke-then-kept', { side: sideName(side), rounds: roundList(conduct.breachRounds), back: conduct.backOnTerms ?? 0 }));
    }
  }
  if (unbound.length > 0) {
    const off = conduct.offBaselineRounds.filter((round) => unbound.includes(round));
    const s = new StatementBuilder().claim({ kind: 'conduct', side: side.id, rounds: unbound, conduct: 'no-terms' });
    if (off.length === 0) out.push(s.claim({ kind: 'conduct', side: side.id, rounds: unbound, conduct: 'cooperative-way' }).build('conduct.unbound-cooperative', { side: sideName(side), rounds: roundList(unbound), bound: String(bound.length > 0) }));
    else if (off.length === unbound.length) out.push(s.claim({ kind: 'conduct', side: side.id, rounds: off, conduct: 'away' }).build('conduct.unbound-away', { side: sideName(side), rounds: roundList(unbound), bound: String(bound.length > 0) }));
    else out.push(s.claim({ kind: 'conduct', side: side.id, rounds: off, conduct: 'away' }).build('conduct.unbound-partly', { side: sideName(side), rounds: roundList(unbound), off: roundList(off), bound: String(bound.length > 0) }));
  }
  if (ended.length > 0) {
    const off = conduct.offBaselineRounds.filter((round) => ended.includes(round));
    out.push(statement(off.length > 0 ? 'conduct.after-exit-away' : 'conduct.after-exit-cooperative', { side: sideName(side), rounds: roundList(ended), off: roundList(off) }));
  }
  if (filledIn.length > 0) out.push(statement('conduct.filled-in', { side: sideName(side), rounds: roundList(filledIn) }));
  return out;
}
