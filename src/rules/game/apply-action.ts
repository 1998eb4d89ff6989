import type { Scenario } from '../scenario/load-scenario.ts';
import { SHARED_SIDE, type SideDefinition } from '../scenario/scenario-schema.ts';
import { chooseDecisions, defaultDecisions, findStrategy, type SideView } from '../strategies/choose-decisions.ts';
import { endedDecisions } from './alliance-exit.ts';
import { calibrate } from './calibrate.ts';
import { activeDeals, breachedTerm } from './deal-terms.ts';
import { gameActionSchema, type GameAction } from './game-actions.ts';
import { GAME_LENGTH } from './game-length.ts';
import type { DealProposal, GameSettings, GameState, Seat } from './game-state.ts';
import { playNextRound } from './incremental-rounds.ts';
import type { Decisions, RoundDecisions } from './simulate-rounds.ts';

export type ActionResult = { readonly ok: true; readonly state: GameState } | { readonly ok: false; readonly reason: string };

const reject = (reason: string): ActionResult => ({ ok: false, reason });

/** A fresh game in its briefing, before anyone has decided anything. */
export function createGame(scenario: Scenario, settings: GameSettings): GameState {
  const definition = scenario.definition;
  for (const side of definition.sides) if (!settings.seats[side.id]) throw new Error(`no seat for side "${side.id}"`);
  // Any length up to the longest game, whatever the case's usual count: the model's horizon follows.
  if (!Number.isInteger(settings.rounds) || settings.rounds < 1 || settings.rounds > GAME_LENGTH.max) throw new Error(`rounds must be a whole number from 1 to ${GAME_LENGTH.max}`);
  return {
    settings,
    phase: 'briefing',
    round: 0,
    submissions: {},
    history: [],
    events: settings.events.map((event) => ({ ...event, source: 'setup' as const })),
    deals: [],
    exit: null,
  };
}

/**
 * The only way a game changes. Returns the new state, or the reason the action was refused in
 * words a player can read; a refused action leaves the state exactly as it was.
 */
export function applyAction(scenario: Scenario, state: GameState, candidate: unknown): ActionResult {
  const parsed = gameActionSchema.safeParse(candidate);
  if (!parsed.success) return reject(`That action is not understood: ${parsed.error.issues.map(describeIssue).join('; ')}.`);
  const action = parsed.data;
  const definition = scenario.definition;
  const sideIds = definition.sides.map((side) => side.id);
  if ('side' in action) {
    if (!sideIds.includes(action.side)) return reject(`There is no side called "${action.side}".`);
    if (action.actor !== action.side) return reject(`Only ${nameOf(scenario, action.side)} can do that for ${nameOf(scenario, action.side)}.`);
  }
  if ('round' in action && action.type !== 'scheduleEvent' && action.type !== 'cancelEvent' && action.round !== state.round) {
    return reject(`That was meant for round ${action.round}, but the game is in round ${state.round}.`);
  }
  switch (action.type) {
    case 'startGame':
      if (state.phase !== 'briefing') return reject('The game has already started.');
      return { ok: true, state: enterRound(scenario, { ...state, round: 0 }, 1) };
    case 'submitDecisions':
      return submit(scenario, state, action.side, action.decisions);
    case 'undoSubmission': {
      // Against a computer partner, which decided before seeing anything, a side may still take its
      // decisions back at the reveal; between two teams, only until both have submitted.
      const partnerIsComputer = Object.entries(state.settings.seats).some(([id, seat]) => id !== action.side && seat.kind === 'computer');
      const open = state.phase === 'decide' || (state.phase === 'reveal' && partnerIsComputer);
      if (!open) return reject('Both sides have submitted; the decisions can no longer be changed.');
      if (!state.submissions[action.side]) return reject(`${nameOf(scenario, action.side)} has nothing submitted to take back.`);
      if (state.settings.seats[action.side]?.kind === 'computer') return reject('A computer partner does not take back its decisions.');
      const submissions = { ...state.submissions };
      delete submissions[action.side];
      return { ok: true, state: { ...state, submissions, phase: 'decide' } };
    }
    case 'resolveRound':
      if (state.phase !== 'reveal') return reject('The round can be played only when both sides have submitted.');
      return { ok: true, state: resolveRound(scenario, state) };
    case 'nextRound':
      if (state.phase !== 'results') return reject('The next round starts after the results of this one.');
      if (state.round >= state.settings.rounds) return { ok: true, state: { ...state, phase: 'debrief' } };
      return { ok: true, state: enterRound(scenario, state, state.round + 1) };
    case 'scheduleEvent': {
      if (action.actor !== 'facilitator') return reject('Only the facilitator can schedule events.');
      const event = definition.events.find((candidate) => candidate.id === action.eventId);
      if (!event) return reject(`There is no event "${action.eventId}" in ${definition.title}.`);
      const earliest = earliestEventRound(state);
      if (action.round < earliest || action.round > state.settings.rounds) return reject(`The ${event.name.toLowerCase()} can be scheduled from round ${earliest} to round ${state.settings.rounds}.`);
      if (state.events.some((scheduled) => scheduled.eventId === action.eventId)) return reject(`The ${event.name.toLowerCase()} is already scheduled; cancel it first to move it.`);
      return { ok: true, state: refreshComputerSeats(scenario, { ...state, events: [...state.events, { eventId: action.eventId, round: action.round, source: 'facilitator' }] }) };
    }
    case 'cancelEvent': {
      if (action.actor !== 'facilitator') return reject('Only the facilitator can cancel events.');
      const scheduled = state.events.find((event) => event.eventId === action.eventId && event.round === action.round);
      if (!scheduled) return reject('That event is not scheduled for that round.');
      const begun = scheduled.round < state.round || (scheduled.round === state.round && state.phase !== 'briefing' && state.phase !== 'decide');
      if (begun) return reject('That event has already begun and cannot be called off.');
      return { ok: true, state: refreshComputerSeats(scenario, { ...state, events: state.events.filter((event) => event !== scheduled) }) };
    }
    case 'proposeDeal':
      return proposeDeal(scenario, state, action);
    case 'respondToDeal':
      return respondToDeal(scenario, state, action.side, action.proposalId, action.response);
    case 'exitAlliance':
      if (state.phase === 'briefing' || state.phase === 'debrief') return reject('The alliance can be left only while the game is running.');
      if (state.exit) return reject('The alliance has already ended.');
      if (state.round >= state.settings.rounds) return reject('This is the last round; there is no time left for the exit to take effect.');
      // The exit takes effect from the next round; the game goes on so both sides see what it does.
      return { ok: true, state: { ...state, exit: { side: action.side, round: state.round } } };
    case 'changeSeat':
      return changeSeat(scenario, state, action.actor, action.seatSide, action.seat);
  }
}

/**
 * A seat changes hands mid-game: a computer takes over an empty seat, or a team that joined late
 * takes one over from the computer. A team taking over in an open round decides that round itself.
 */
function changeSeat(scenario: Scenario, state: GameState, actor: string, sideId: string, seat: Seat): ActionResult {
  if (actor !== 'facilitator') return reject('Only the facilitator can hand a seat over.');
  if (!scenario.definition.sides.some((side) => side.id === sideId)) return reject(`There is no side called "${sideId}".`);
  if (state.phase === 'debrief') return reject('The game is over.');
  if (seat.kind === 'computer' && !findStrategy(scenario, sideId, seat.strategy)) return reject(`${nameOf(scenario, sideId)} has no strategy "${seat.strategy}".`);
  const before = state.settings.seats[sideId];
  if (before?.kind === seat.kind && (seat.kind === 'human' || (before.kind === 'computer' && before.strategy === seat.strategy))) return reject(`That is already who plays ${nameOf(scenario, sideId)}.`);
  const settings = { ...state.settings, seats: { ...state.settings.seats, [sideId]: seat } };
  const open = state.phase === 'decide' || state.phase === 'reveal';
  if (seat.kind === 'human') {
    if (!open) return { ok: true, state: { ...state, settings } };
    // The computer's choice for the open round is withdrawn, even if the partner had already decided.
    const submissions = { ...state.submissions };
    delete submissions[sideId];
    return { ok: true, state: { ...state, settings, submissions, phase: 'decide' } };
  }
  // A team that leaves after deciding the open round keeps that decision; the computer plays from the next.
  if (open && state.submissions[sideId]) return { ok: true, state: { ...state, settings } };
  return { ok: true, state: refreshComputerSeats(scenario, { ...state, settings }) };
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const field = issue.path.map(String).join('.') || 'the action';
  if (/received undefined/.test(issue.message)) return `${field} is missing`;
  if (/^Invalid input$|discriminator/i.test(issue.message)) return `${field} is not an action this game knows`;
  return `${field}: ${issue.message.replace(/^Invalid input: /, '').toLowerCase()}`;
}

function nameOf(scenario: Scenario, sideId: string): string {
  return scenario.definition.sides.find((side) => side.id === sideId)?.name ?? sideId;
}

function sideDefinition(scenario: Scenario, sideId: string): SideDefinition {
  return scenario.definition.sides.find((side) => side.id === sideId)!;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

/** The first round an event can still be scheduled for: the open round until both sides have decided it. */
export function earliestEventRound(state: GameState): number {
  return state.phase === 'briefing' || state.phase === 'decide' ? Math.max(1, state.round) : state.round + 1;
}

function checkDecisions(scenario: Scenario, sideId: string, raw: Record<string, unknown>): { ok: true; decisions: Decisions } | { ok: false; reason: string } {
  const side = sideDefinition(scenario, sideId);
  const known = new Set(side.decisions.map((decision) => decision.id));
  for (const key of Object.keys(raw)) if (!known.has(key)) return { ok: false, reason: `${side.name} has no decision called "${key}".` };
  const decisions: Decisions = {};
  for (const decision of side.decisions) {
    // Only the message's own fields: a missing one must not be found on Object.prototype.
    const value = Object.hasOwn(raw, decision.id) ? raw[decision.id] : undefined;
    if (value === undefined) return { ok: false, reason: `${decision.label} is missing.` };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: `${decision.label} must be a number.` };
    if (value < decision.min || value > decision.max) {
      return { ok: false, reason: `${decision.label} must be between ${formatValue(decision.min)} and ${formatValue(decision.max)} ${decision.unit}; ${formatValue(value)} is outside.` };
    }
    if (decision.choices && !decision.choices.some((choice) => choice.value === value)) {
      return { ok: false, reason: `${decision.label} must be one of: ${decision.choices.map((choice) => choice.label).join(', ')}.` };
    }
    decisions[decision.id] = value;
  }
  return { ok: true, decisions };
}

function submit(scenario: Scenario, state: GameState, side: string, raw: Record<string, unknown>): ActionResult {
  if (state.settings.seats[side]?.kind === 'computer') return reject(`${nameOf(scenario, side)} is played by the computer.`);
  // A side whose decisions are already in hears so first, even once the round is closed: a team
  // whose acknowledgement was lost (a dropped connection, a restarted server) learns they count.
  if (state.submissions[side] && (state.phase === 'decide' || state.phase === 'reveal')) return reject(`${nameOf(scenario, side)} has already submitted for round ${state.round}; take it back first to change it.`);
  if (state.phase !== 'decide') return reject(state.phase === 'briefing' ? 'The game has not started yet.' : 'Decisions for this round are closed.');
  // A decision the exit made meaningless holds its declared value, whatever a screen still sends.
  const checked = checkDecisions(scenario, side, { ...raw, ...endedDecisions(scenario, state.exit, state.round)[side] });
  if (!checked.ok) return reject(checked.reason);
  // Decisions outside agreed terms are allowed: breaking a deal is a move in the game. The screens
  // warn before it; the reveal, the results, the debrief and the model's trust all register it.
  return { ok: true, state: afterSubmission({ ...state, submissions: { ...state.submissions, [side]: checked.decisions } }) };
}

/** Both in: the decisions are revealed side by side, ready to play. */
function afterSubmission(state: GameState): GameState {
  const everyone = Object.keys(state.settings.seats).every((side) => state.submissions[side]);
  return everyone ? { ...state, phase: 'reveal' } : state;
}

export function viewFor(scenario: Scenario, state: GameState, sideId: string, round: number): SideView {
  const partner = scenario.definition.sides.find((side) => side.id !== sideId)!.id;
  const eventsBegun: Record<string, number> = {};
  for (const event of state.events) if (event.round <= round) eventsBegun[event.eventId] = event.round;
  return {
    side: sideId,
    round,
    ownDecisions: state.history.map((outcome) => outcome.decisions[sideId]!),
    ownKpis: state.history.map((outcome) => ({ ...outcome.kpis[SHARED_SIDE], ...outcome.kpis[sideId] })),
    partnerDecisions: state.history.map((outcome) => outcome.decisions[partner]!),
    eventsBegun,
  };
}

/** The computer's decisions for a seat this round, honouring the deals it accepted unless its strategy does not. */
function computerDecisions(scenario: Scenario, state: GameState, sideId: string, round: number): Decisions {
  const seat = state.settings.seats[sideId];
  if (seat?.kind !== 'computer') throw new Error(`${sideId} is not a computer seat`);
  const decisions = chooseDecisions(scenario, { id: seat.strategy, fromRound: 1 }, viewFor(scenario, state, sideId, round));
  const keepsDeals = findStrategy(scenario, sideId, seat.strategy)?.keepsDeals ?? true;
  for (const deal of keepsDeals ? activeDeals(state, round) : []) {
    for (const term of deal.terms) {
      if (term.side !== sideId) continue;
      const value = decisions[term.decision]!;
      decisions[term.decision] = term.bound === 'at-most' ? Math.min(value, term.value) : Math.max(value, term.value);
    }
  }
  return { ...decisions, ...endedDecisions(scenario, state.exit, round)[sideId] };
}

function enterRound(scenario: Scenario, state: GameState, round: number): GameState {
  return refreshComputerSeats(scenario, { ...state, round, phase: 'decide', submissions: {} });
}

/** Computer seats decide as soon as a round opens (again after anything they can see changes). */
function refreshComputerSeats(scenario: Scenario, state: GameState): GameState {
  if (state.phase !== 'decide') return state;
  const submissions = { ...state.submissions };
  for (const [sideId, seat] of Object.entries(state.settings.seats)) {
    if (seat.kind === 'computer') submissions[sideId] = computerDecisions(scenario, state, sideId, state.round);
  }
  return afterSubmission({ ...state, submissions });
}

/** Calibrated constants of a game: the instructor's changes, then the scenario's calibration. */
const calibrationCache = new WeakMap<Scenario, Map<string, Record<string, number>>>();
export function gameConstants(scenario: Scenario, settings: GameSettings): Record<string, number> {
  const key = JSON.stringify(settings.constants ?? {});
  let perScenario = calibrationCache.get(scenario);
  if (!perScenario) calibrationCache.set(scenario, (perScenario = new Map()));
  let constants = perScenario.get(key);
  if (!constants) {
    constants = calibrate(scenario, settings.constants ?? {});
    perScenario.set(key, constants);
  }
  return constants;
}

/** The round is simulated alone, on the game's kept simulation (incremental-rounds.ts). */
function resolveRound(scenario: Scenario, state: GameState): GameState {
  // The game's length sets the model's horizon; its deals tell the model of broken terms.
  const history = playNextRound(scenario, gameConstants(scenario, state.settings), state.events, state.exit, state.history, state.submissions as RoundDecisions, { rounds: state.settings.rounds, deals: state.deals });
  return { ...state, phase: 'results', submissions: {}, history };
}

function proposeDeal(scenario: Scenario, state: GameState, action: Extract<GameAction, { type: 'proposeDeal' }>): ActionResult {
  if (state.phase === 'briefing' || state.phase === 'debrief') return reject('Terms can be proposed only while the game is running.');
  if (state.exit) return reject('The alliance has ended.');
  for (const term of action.terms) {
    const side = scenario.definition.sides.find((candidate) => candidate.id === term.side);
    const decision = side?.decisions.find((candidate) => candidate.id === term.decision);
    if (!side || !decision) return reject(`A term names "${term.side}.${term.decision}", which is not a decision in this game.`);
    if (!Number.isFinite(term.value) || term.value < decision.min || term.value > decision.max) {
      return reject(`The term on ${decision.label.toLowerCase()} must lie between ${formatValue(decision.min)} and ${formatValue(decision.max)}.`);
    }
  }
  // One open proposal per side: terms already on the table wait for the partner's answer.
  if (state.deals.some((deal) => deal.status === 'open' && deal.from === action.side)) return reject('Your earlier terms are still waiting for an answer; propose again once your partner has answered them.');
  if (action.counterTo !== undefined) {
    const original = state.deals.find((deal) => deal.id === action.counterTo);
    if (!original || original.status !== 'open' || original.from === action.side) return reject('There is no open proposal from your partner to counter.');
  }
  const proposal: DealProposal = {
    id: state.deals.length + 1,
    from: action.side,
    terms: action.terms,
    rounds: action.rounds,
    proposedInRound: state.round,
    status: 'open',
    ...(action.counterTo === undefined ? {} : { counterTo: action.counterTo }),
  };
  const deals = state.deals.map((deal) => (deal.id === action.counterTo ? { ...deal, status: 'countered' as const } : deal));
  let next: GameState = { ...state, deals: [...deals, proposal] };
  const partner = scenario.definition.sides.find((side) => side.id !== action.side)!.id;
  if (state.settings.seats[partner]?.kind === 'computer') {
    const answer = computerAnswer(scenario, next, partner, proposal);
    next = settleDeal(scenario, next, proposal.id, answer);
  }
  return { ok: true, state: next };
}

/**
 * A computer partner accepts terms that ask of it no more than good faith (the agreed values)
 * and that its own strategy can live with this round; otherwise it declines.
 */
function computerAnswer(scenario: Scenario, state: GameState, sideId: string, proposal: DealProposal): 'accept' | 'reject' {
  const side = sideDefinition(scenario, sideId);
  const agreed = Object.fromEntries(side.decisions.map((decision) => [decision.id, decision.agreed ?? decision.default]));
  const planned = state.phase === 'decide' ? computerDecisions(scenario, state, sideId, state.round) : { ...defaultDecisions(side), ...agreed };
  for (const term of proposal.terms) {
    if (term.side !== sideId) continue;
    const fair = term.bound === 'at-most' ? agreed[term.decision]! <= term.value + 1e-9 : agreed[term.decision]! >= term.value - 1e-9;
    const livable = term.bound === 'at-most' ? planned[term.decision]! <= term.value + 1e-9 : planned[term.decision]! >= term.value - 1e-9;
    if (!fair || !livable) return 'reject';
  }
  return 'accept';
}

function respondToDeal(scenario: Scenario, state: GameState, side: string, proposalId: number, response: 'accept' | 'reject'): ActionResult {
  const proposal = state.deals.find((deal) => deal.id === proposalId);
  if (!proposal || proposal.status !== 'open') return reject('There is no open proposal with that number.');
  if (proposal.from === side) return reject('You cannot answer your own proposal.');
  return { ok: true, state: settleDeal(scenario, state, proposalId, response) };
}

function settleDeal(scenario: Scenario, state: GameState, proposalId: number, response: 'accept' | 'reject'): GameState {
  const deals = state.deals.map((deal): DealProposal => {
    if (deal.id !== proposalId) return deal;
    if (response === 'reject') return { ...deal, status: 'rejected' };
    // Terms bind from the round still open for decisions, unless a team they bind has already
    // submitted for it: terms agreed after a side decided cannot make that decision a breach.
    // (A computer seat decides again when terms change, so it never holds a round back.)
    const decidedAlready = deal.terms.some((term) => state.submissions[term.side] !== undefined && state.settings.seats[term.side]?.kind !== 'computer');
    const fromRound = state.phase === 'decide' && !decidedAlready ? state.round : state.round + 1;
    // A deal binds at most to the game's last round: there is nothing after it to bind.
    const untilRound = Math.min(fromRound + deal.rounds - 1, state.settings.rounds);
    return { ...deal, status: 'accepted', agreedInRound: state.round, fromRound, untilRound };
  });
  return refreshComputerSeats(scenario, { ...state, deals });
}

export { activeDeals, breachedTerm };
export type { GameAction };
