import type { GameState } from '../../../src/rules/index.ts';
import type { WorkshopState } from '../../../src/rules/index.ts';
import { AllianceView, SeatView, type WorkshopSchema } from './schema/workshop-state.ts';

/** Copies the plain workshop state into the synchronised schema, touching only what changed. */
export function syncSchema(target: WorkshopSchema, workshopId: string, state: WorkshopState, connected: ReadonlyMap<string, number>): void {
  set(target, 'workshopId', workshopId);
  set(target, 'scenarioId', state.config.scenarioId);
  set(target, 'phase', state.phase);
  set(target, 'round', state.round);
  set(target, 'rounds', state.config.rounds);
  set(target, 'roundSeconds', state.config.roundSeconds);
  set(target, 'deadline', state.deadline ?? 0);
  set(target, 'pausedRemainingMs', state.pausedRemainingMs ?? 0);
  set(target, 'decisionsLocked', state.decisionsLocked);
  state.games.forEach((game, index) => {
    let alliance = target.alliances[index];
    if (!alliance) {
      alliance = new AllianceView();
      alliance.index = index;
      target.alliances.push(alliance);
    }
    syncAlliance(alliance, index, game, state, connected);
  });
}

/** The plain values each alliance view was last written from (the rules never mutate them). */
const lastWritten = new WeakMap<AllianceView, { game: GameState; fallbacks: unknown }>();

function syncAlliance(target: AllianceView, index: number, game: GameState, state: WorkshopState, connected: ReadonlyMap<string, number>): void {
  const fallbacks = state.fallbacks[index] ?? [];
  const last = lastWritten.get(target);
  if (last?.game !== game || last.fallbacks !== fallbacks) {
    set(target, 'phase', game.phase);
    set(target, 'round', game.round);
    // Decisions become public only once a round is played: history holds played rounds only.
    if (last?.game.history !== game.history) syncPlayedRounds(target, game);
    set(target, 'fallbacksJson', JSON.stringify(fallbacks));
    if (last?.game.deals !== game.deals) syncDeals(target, game, last?.game.deals ?? []);
    set(target, 'eventsJson', JSON.stringify(game.events));
    set(target, 'exitJson', JSON.stringify(game.exit));
    lastWritten.set(target, { game, fallbacks });
  }
  // Each alliance's own seats: the computer may stand in for a team in one alliance and not another.
  for (const [side, seat] of Object.entries(game.settings.seats)) {
    let view = target.seats.get(side);
    if (!view) {
      view = new SeatView();
      view.side = side;
      target.seats.set(side, view);
    }
    set(view, 'kind', seat.kind);
    set(view, 'strategy', seat.kind === 'computer' ? seat.strategy : '');
    set(view, 'claimed', seat.kind === 'computer' || Boolean(state.seatTokens[`${index}:${side}`]));
    set(view, 'forTeams', state.config.seats[side]?.kind === 'human');
    set(view, 'connected', connected.get(`${index}:${side}`) ?? 0);
    const pending = game.phase === 'decide' || game.phase === 'reveal' ? game.submissions[side] : undefined;
    set(view, 'submitted', pending !== undefined);
    set(view, 'pendingJson', pending ? JSON.stringify(pending) : '');
  }
}

/**
 * A played round never changes afterwards (later entries only add rounds, and an undone round end
 * removes the last one), so only rounds not yet sent are written, and only those are serialised.
 */
function syncPlayedRounds(target: AllianceView, game: GameState): void {
  const rounds = target.playedRoundsJson;
  while (rounds.length > game.history.length) rounds.pop();
  for (let index = rounds.length; index < game.history.length; index++) rounds.push(JSON.stringify(game.history[index]));
}

/**
 * The rules replace only the deals that change (a proposal appends one, an answer rewrites one, a
 * counter marks the original), keeping the others as they were: each changed deal is written
 * alone. After an undo the list may be shorter or different: then the tail is rewritten.
 */
function syncDeals(target: AllianceView, game: GameState, before: GameState['deals']): void {
  const deals = target.dealJsons;
  while (deals.length > game.deals.length) deals.pop();
  game.deals.forEach((deal, index) => {
    if (index < deals.length && before[index] === deal) return;
    const json = JSON.stringify(deal);
    if (index < deals.length) {
      if (deals[index] !== json) deals[index] = json;
    } else deals.push(json);
  });
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}
