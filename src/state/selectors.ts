import { activeDeals, allianceEndedBy, breachedTerms, breachesInRound, defaultDecisions, endedDecisions, eventIntensity, eventStage, gameEventLifetimes, SHARED_SIDE, type DealProposal, type Decisions, type EventStage, type KpiDefinition, type Scenario, type SideDefinition, type TermBreach } from '../rules/index.ts';
import type { GameStoreState, Session } from './create-game-store.ts';

/** Pure view-models over the store: what each screen shows, computed, never stored. */
export type Screen = 'start' | 'briefing' | 'side-briefing' | 'pass-device' | 'decide' | 'reveal' | 'results' | 'debrief';

export function screenOf(state: GameStoreState): Screen {
  const session = state.session;
  if (!session) return 'start';
  const game = session.game;
  switch (game.phase) {
    case 'briefing':
      // Two teams on one screen: each team reads its own brief on its turn of the device.
      return session.mode === 'two-teams' && session.deviceHolder ? 'side-briefing' : 'briefing';
    case 'decide': {
      if (session.mode === 'solo') return 'decide';
      const holder = session.deviceHolder;
      return holder && !game.submissions[holder] ? 'decide' : 'pass-device';
    }
    default:
      return game.phase;
  }
}

/** The side whose decisions this screen is about. */
export function actingSide(session: Session): string | null {
  return session.mode === 'solo' ? session.humanSide : session.deviceHolder;
}

export function sideOf(scenario: Scenario, id: string): SideDefinition {
  return scenario.definition.sides.find((side) => side.id === id)!;
}

export function partnerOf(scenario: Scenario, id: string): SideDefinition {
  return scenario.definition.sides.find((side) => side.id !== id)!;
}

export interface DecisionField {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly hint: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** The value the field starts at: last quarter's decision (within any term just agreed), else the default. */
  readonly value: number;
  /** What the side typed this round and has not submitted, as typed; null when nothing was typed. */
  readonly draft: string | null;
  readonly lastValue: number | null;
  readonly choices: readonly { readonly value: number; readonly label: string }[] | null;
  readonly limit: { readonly bound: 'at-most' | 'at-least'; readonly value: number; readonly until: number; readonly agreedInRound: number } | null;
}

/**
 * The fields a side fills in this round: its decisions, less those the exit clause ended (the
 * scenario says which), each starting from what was typed, else last quarter's value.
 */
export function decisionFields(session: Session, sideId: string): DecisionField[] {
  const side = sideOf(session.scenario, sideId);
  const game = session.game;
  const last = game.history.at(-1)?.decisions[sideId];
  const defaults = defaultDecisions(side);
  const deals = activeDeals(game, game.round);
  const ended = endedDecisions(session.scenario, game.exit, game.round)[sideId] ?? {};
  const draft = session.drafts[sideId]?.round === game.round ? session.drafts[sideId].values : {};
  return side.decisions.filter((decision) => !Object.hasOwn(ended, decision.id)).map((decision) => {
    const term = deals.flatMap((deal) => deal.terms.filter((t) => t.side === sideId && t.decision === decision.id).map((t) => ({ ...t, until: deal.untilRound!, agreedInRound: deal.agreedInRound ?? deal.fromRound! })))[0];
    return {
      id: decision.id,
      label: decision.label,
      unit: decision.unit,
      hint: decision.hint,
      min: decision.min,
      max: decision.max,
      step: decision.step,
      // Starts within an agreed term, so a side that just agreed is not refused for last round's value.
      value: withinTerm(last?.[decision.id] ?? defaults[decision.id]!, term),
      draft: Object.hasOwn(draft, decision.id) ? draft[decision.id]! : null,
      lastValue: last?.[decision.id] ?? null,
      choices: decision.choices ?? null,
      limit: term ? { bound: term.bound, value: term.value, until: term.until, agreedInRound: term.agreedInRound } : null,
    };
  });
}

/** Why a field's text is not a value the rules would take. */
export type FieldProblem = 'empty' | 'not-a-number' | 'below-minimum' | 'above-maximum' | 'not-a-choice';
export type FieldReading = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly problem: FieldProblem };

// A decimal number as people type it: digits with one point or comma, an optional sign. Nothing
// else is quietly dropped or read (no "12abc" read as 12, no "1e3").
const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** Read a field's text against its range: the value, or what is wrong with it. */
export function readField(field: Pick<DecisionField, 'min' | 'max' | 'choices'>, text: string): FieldReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (!DECIMAL.test(trimmed)) return { ok: false, problem: 'not-a-number' };
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value)) return { ok: false, problem: 'not-a-number' };
  if (field.choices && !field.choices.some((choice) => choice.value === value)) return { ok: false, problem: 'not-a-choice' };
  if (value < field.min) return { ok: false, problem: 'below-minimum' };
  if (value > field.max) return { ok: false, problem: 'above-maximum' };
  return { ok: true, value };
}

/** Terms of the deals in force that these decisions would break, if the side submitted them now. */
export function termsBrokenBy(session: Session, sideId: string, decisions: Readonly<Decisions>): TermBreach[] {
  return breachedTerms(session.game, sideId, decisions, session.game.round);
}

/** The terms broken in a round (at the reveal: as submitted; after it: as played). */
export function breachesOf(session: Session, round: number): TermBreach[] {
  return breachesInRound(session.game, round);
}

/** Whether the alliance has ended by the round being decided. */
export function allianceHasEnded(session: Session): boolean {
  return allianceEndedBy(session.game.exit, session.game.round);
}

function withinTerm(value: number, term: { readonly bound: 'at-most' | 'at-least'; readonly value: number } | undefined): number {
  if (!term) return value;
  return term.bound === 'at-most' ? Math.min(value, term.value) : Math.max(value, term.value);
}

const isProfit = (kpi: KpiDefinition): boolean => kpi.role === 'profit' || kpi.role === 'cumulative-profit';

/**
 * KPIs a side may see during play: its own, the shared ones, and the partner's yardstick if the
 * option is on; the same set solo and in two-teams play. With no viewer (a screen both teams read
 * together) only what both may see: the shared numbers, both profits, and the yardsticks if the
 * option shows them.
 */
export function visibleKpis(session: Session, viewer: string | null): KpiDefinition[] {
  const definition = session.scenario.definition;
  if (viewer === null) {
    const yardsticks = session.game.settings.partnerYardstickVisible ? definition.sides.map((side) => `${side.id}.${side.yardstick}`) : [];
    return definition.kpis.filter((kpi) => kpi.side === SHARED_SIDE || isProfit(kpi) || yardsticks.includes(`${kpi.side}.${kpi.id}`));
  }
  const partner = partnerOf(session.scenario, viewer);
  return definition.kpis.filter(
    (kpi) =>
      kpi.side === viewer ||
      kpi.side === SHARED_SIDE ||
      (kpi.side === partner.id && (isProfit(kpi) || (session.game.settings.partnerYardstickVisible && kpi.id === partner.yardstick))),
  );
}

export interface NewsItem {
  readonly eventId: string;
  readonly name: string;
  readonly news: string;
  /** What players read when the effect is over, if the scenario says. */
  readonly endNews: string | null;
  readonly beganRound: number;
  /** Where the event's effect stands in the current round (from the model, see rules/game/event-lifetime.ts). */
  readonly stage: EventStage;
  /** Its strength in the current round, 0..1 of its peak. */
  readonly intensity: number;
  /** First and last rounds in which its effect shows (the last may lie past the game's end), or null. */
  readonly firstRound: number | null;
  readonly lastRound: number | null;
}

/** Events that have begun by the current round, newest first, with where each stands in its life. */
export function newsOf(session: Session): NewsItem[] {
  const game = session.game;
  if (game.phase === 'briefing') return [];
  const round = Math.max(1, game.round);
  const begun = game.events.filter((event) => event.round <= round);
  const lifetimes = gameEventLifetimes(session.scenario, { settings: game.settings, events: begun });
  return begun
    .map((event, i) => {
      const definition = session.scenario.definition.events.find((candidate) => candidate.id === event.eventId)!;
      const lifetime = lifetimes[i]!;
      return {
        eventId: event.eventId,
        name: definition.name,
        news: definition.news,
        endNews: definition.effect?.endNews ?? null,
        beganRound: event.round,
        stage: eventStage(lifetime, round),
        intensity: eventIntensity(lifetime, round),
        firstRound: lifetime.firstRound,
        lastRound: lifetime.lastRound,
      };
    })
    .sort((a, b) => b.beganRound - a.beganRound);
}

/** Events whose effect shows in the current round. */
export function eventsUnderWay(session: Session): NewsItem[] {
  return newsOf(session).filter((item) => item.stage !== 'before' && item.stage !== 'over');
}

export interface DealView {
  readonly proposal: DealProposal;
  readonly label: string;
}

/** Deals as players see them, labelled from the scenario's templates (or by their terms). */
export function dealsOf(session: Session): DealView[] {
  return session.game.deals.map((proposal) => {
    const template = session.scenario.definition.deals.find((deal) => JSON.stringify(deal.terms) === JSON.stringify(proposal.terms));
    const label =
      template?.label ??
      proposal.terms
        .map((term) => {
          const decision = sideOf(session.scenario, term.side).decisions.find((d) => d.id === term.decision)!;
          return `${decision.label} ${term.bound === 'at-most' ? '≤' : '≥'} ${term.value}`;
        })
        .join(', ');
    return { proposal, label };
  });
}
