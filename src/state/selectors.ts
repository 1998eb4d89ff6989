import { activeDeals, SHARED_SIDE, defaultDecisions, type DealProposal, type KpiDefinition, type Scenario, type SideDefinition } from '../rules/index.ts';
import type { GameStoreState, Session } from './create-game-store.ts';

/** Pure view-models over the store: what each screen shows, computed, never stored. */
export type Screen = 'start' | 'briefing' | 'pass-device' | 'decide' | 'reveal' | 'results' | 'debrief';

export function screenOf(state: GameStoreState): Screen {
  const session = state.session;
  if (!session) return 'start';
  const game = session.game;
  switch (game.phase) {
    case 'briefing':
      return 'briefing';
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
  /** The value the field starts at: last quarter's decision, else the default. */
  readonly value: number;
  readonly lastValue: number | null;
  readonly choices: readonly { readonly value: number; readonly label: string }[] | null;
  readonly limit: { readonly bound: 'at-most' | 'at-least'; readonly value: number; readonly until: number } | null;
}

export function decisionFields(session: Session, sideId: string): DecisionField[] {
  const side = sideOf(session.scenario, sideId);
  const last = session.game.history.at(-1)?.decisions[sideId];
  const defaults = defaultDecisions(side);
  const deals = activeDeals(session.game, session.game.round);
  return side.decisions.map((decision) => {
    const term = deals.flatMap((deal) => deal.terms.filter((t) => t.side === sideId && t.decision === decision.id).map((t) => ({ ...t, until: deal.untilRound! })))[0];
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
      lastValue: last?.[decision.id] ?? null,
      choices: decision.choices ?? null,
      limit: term ? { bound: term.bound, value: term.value, until: term.until } : null,
    };
  });
}

function withinTerm(value: number, term: { readonly bound: 'at-most' | 'at-least'; readonly value: number } | undefined): number {
  if (!term) return value;
  return term.bound === 'at-most' ? Math.min(value, term.value) : Math.max(value, term.value);
}

const isProfit = (kpi: KpiDefinition): boolean => kpi.role === 'profit' || kpi.role === 'cumulative-profit';

/** KPIs a side may see during play: its own, the shared ones, and the partner's yardstick if the option is on. */
export function visibleKpis(session: Session, viewer: string | null): KpiDefinition[] {
  const definition = session.scenario.definition;
  if (viewer === null) return definition.kpis.filter((kpi) => kpi.side === SHARED_SIDE || isProfit(kpi));
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
  readonly beganRound: number;
}

/** Events that have begun by the current round, newest first. */
export function newsOf(session: Session): NewsItem[] {
  const game = session.game;
  const round = Math.max(1, game.round);
  return game.events
    .filter((event) => event.round <= round && game.phase !== 'briefing')
    .map((event) => {
      const definition = session.scenario.definition.events.find((candidate) => candidate.id === event.eventId)!;
      return { eventId: event.eventId, name: definition.name, news: definition.news, beganRound: event.round };
    })
    .sort((a, b) => b.beganRound - a.beganRound);
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
