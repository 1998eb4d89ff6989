/**
 * A played game as a spreadsheet: one row per played round with both sides' decisions, every
 * KPI, the events that began in the round and the deals in force. Pure; the caller saves it.
 * pattern: Functional Core
 */
import Papa from 'papaparse';
import { activeDeals, SHARED_SIDE, conductAnalysis, conductOf, type ConductAnalysis, type DealProposal, type GameState, type RoundConduct, type Scenario } from '../rules/index.ts';

/** Numbers as stored, to 12 significant digits (enough for any KPI, free of binary noise such as 24.000000000000004). */
function cellNumber(value: number | undefined): number | string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return Number(value.toPrecision(12));
}

function sideName(scenario: Scenario, sideId: string): string {
  if (sideId === SHARED_SIDE) return 'Alliance';
  return scenario.definition.sides.find((side) => side.id === sideId)?.name ?? sideId;
}

function describeDeal(scenario: Scenario, deal: DealProposal): string {
  const terms = deal.terms.map((term) => {
    const side = scenario.definition.sides.find((candidate) => candidate.id === term.side);
    const decision = side?.decisions.find((candidate) => candidate.id === term.decision);
    const bound = term.bound === 'at-most' ? 'at most' : 'at least';
    return `${side?.name ?? term.side}: ${decision?.label ?? term.decision} ${bound} ${term.value} ${decision?.unit ?? ''}`.trim();
  });
  return `Deal ${deal.id} (proposed by ${sideName(scenario, deal.from)}, rounds ${deal.fromRound}–${deal.untilRound}): ${terms.join('; ')}`;
}

/**
 * A side's conduct in a round as a stable code for analysis, from the one conduct analysis the
 * debrief reads: kept, broke, or no terms (then whether it played the cooperative way).
 */
export function conductCode(round: RoundConduct): 'kept' | 'broke' | 'no-terms-cooperative' | 'no-terms-away' | 'filled-in' {
  if (round.filledIn) return 'filled-in';
  if (round.kind !== 'no-terms') return round.kind;
  return round.onBaseline ? 'no-terms-cooperative' : 'no-terms-away';
}

function conductCell(analysis: ConductAnalysis, side: string, round: number): string {
  const entry = conductOf(analysis, side).rounds[round - 1];
  return entry ? conductCode(entry) : '';
}

/**
 * Return the game's played rounds as CSV text. Headers name the side, the label and the unit
 * ("Dealers: Local marketing ($M per quarter)"); KPI values are shown as on screen (a return of
 * 0.24 with unit % appears as 24). Quoting follows RFC 4180 (papaparse `unparse`).
 */
export function roundsToCsv(scenario: Scenario, state: GameState): string {
  const definition = scenario.definition;
  const roundWord = definition.rounds.unit.charAt(0).toUpperCase() + definition.rounds.unit.slice(1);
  const decisionColumns = definition.sides.flatMap((side) => side.decisions.map((decision) => ({ side, decision })));
  const kpis = definition.kpis;
  const fields = [
    roundWord,
    ...decisionColumns.map(({ side, decision }) => `${side.name}: ${decision.label} (${decision.unit})`),
    ...kpis.map((kpi) => `${sideName(scenario, kpi.side)}: ${kpi.label} (${kpi.unit})`),
    ...definition.sides.map((side) => `${side.name}: conduct`),
    'Events that began',
    'Deals in force',
  ];
  const conduct = conductAnalysis(scenario, { history: state.history, deals: state.deals, exit: state.exit });
  const data = state.history.map((outcome) => {
    const events = state.events
      .filter((event) => event.round === outcome.round)
      .map((event) => definition.events.find((candidate) => candidate.id === event.eventId)?.name ?? event.eventId);
    if (state.exit && state.exit.round === outcome.round) events.push(`${sideName(scenario, state.exit.side)} invoked the exit clause`);
    return [
      outcome.round,
      ...decisionColumns.map(({ side, decision }) => cellNumber(outcome.decisions[side.id]?.[decision.id])),
      ...kpis.map((kpi) => {
        const value = outcome.kpis[kpi.side]?.[kpi.id];
        return cellNumber(value === undefined ? undefined : value * kpi.displayScale);
      }),
      ...definition.sides.map((side) => conductCell(conduct, side.id, outcome.round)),
      events.join('; '),
      activeDeals(state, outcome.round)
        .map((deal) => describeDeal(scenario, deal))
        .join(' | '),
    ];
  });
  return Papa.unparse({ fields, data }, { newline: '\r\n' });
}
