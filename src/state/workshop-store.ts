import { createStore, type StoreApi } from 'zustand/vanilla';
import { conductAnalysis, conductOf, cumulativeProfitKpi, SHARED_SIDE, type Decisions, type GameState, type RoundOutcome, type Scenario, type Seat, type FallbackMark, gameSettingsOf } from '../rules/index.ts';
import { conductCode } from './export-csv.ts';

/**
 * The browser's picture of a workshop: what the server synchronised (parsed from the Colyseus
 * schema's JSON), who this browser is, the connection, announcements, and requests awaiting an
 * answer. Pure data plus setters; src/net/workshop-client.ts feeds it, the views read it.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export type WorkshopRole =
  | { readonly kind: 'facilitator'; readonly code: string; readonly secret: string; readonly workshopId: string }
  | { readonly kind: 'team'; readonly code: string; readonly alliance: number; readonly side: string; readonly seatToken: string };

export interface SeatSnapshot {
  readonly side: string;
  readonly kind: string;
  readonly strategy: string;
  readonly claimed: boolean;
  /** Teams may take this seat; the computer, if it plays it, only stands in. */
  readonly forTeams: boolean;
  readonly connected: number;
  readonly submitted: boolean;
  /** Only for the own seat (and the facilitator): the decisions sent this round. */
  readonly pending: Decisions | null;
}

export interface AllianceSnapshot {
  readonly index: number;
  readonly phase: string;
  readonly round: number;
  readonly seats: Readonly<Record<string, SeatSnapshot>>;
  readonly history: readonly RoundOutcome[];
  readonly fallbacks: readonly FallbackMark[];
  readonly deals: GameState['deals'];
  readonly events: GameState['events'];
  readonly exit: GameState['exit'];
}

export interface WorkshopSnapshot {
  readonly workshopId: string;
  readonly scenarioId: string;
  readonly phase: string;
  readonly round: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  /** Epoch ms; null when no timer runs. */
  readonly deadline: number | null;
  readonly pausedRemainingMs: number | null;
  /** The round was reopened by an undo: its decisions stay as they were played. */
  readonly decisionsLocked: boolean;
  readonly alliances: readonly AllianceSnapshot[];
}

export interface Announcement {
  readonly text: string;
  readonly at: number;
}

export interface WorkshopStore {
  readonly connection: ConnectionStatus;
  readonly role: WorkshopRole | null;
  readonly snapshot: WorkshopSnapshot | null;
  readonly announcements: readonly Announcement[];
  readonly lastError: string | null;
  /** requestId → what was asked, until the server answers. */
  readonly pending: Readonly<Record<number, string>>;
  /** What the server last confirmed, in words. */
  readonly lastAck: string | null;
  setConnection(status: ConnectionStatus): void;
  setRole(role: WorkshopRole | null): void;
  setSnapshot(raw: unknown): void;
  requestSent(requestId: number, label: string): void;
  /** `notes`: what the server could not do everywhere (a command for every alliance). */
  acknowledged(requestId: number, notes?: readonly string[]): void;
  refused(requestId: number, reason: string): void;
  announce(announcement: Announcement): void;
  fail(reason: string): void;
  clearError(): void;
}

export function createWorkshopStore(): StoreApi<WorkshopStore> {
  return createStore<WorkshopStore>()((set) => ({
    connection: 'idle',
    role: null,
    snapshot: null,
    announcements: [],
    lastError: null,
    pending: {},
    lastAck: null,
    setConnection: (connection) => set({ connection }),
    setRole: (role) => set({ role }),
    setSnapshot: (raw) => set({ snapshot: parseSnapshot(raw) }),
    requestSent: (requestId, label) => set((state) => ({ pending: { ...state.pending, [requestId]: label } })),
    acknowledged: (requestId, notes) =>
      set((state) => {
        const label = state.pending[requestId];
        const pending = { ...state.pending };
        delete pending[requestId];
        const done = label ?? state.lastAck;
        return { pending, lastAck: done && notes && notes.length > 0 ? `${done}, except: ${notes.join(' ')}` : done, lastError: null };
      }),
    refused: (requestId, reason) =>
      set((state) => {
        const label = state.pending[requestId];
        const pending = { ...state.pending };
        delete pending[requestId];
        return { pending, lastError: label ? `${label}: ${reason}` : reason };
      }),
    announce: (announcement) => set((state) => ({ announcements: [...state.announcements, announcement] })),
    fail: (lastError) => set({ lastError }),
    clearError: () => set({ lastError: null }),
  }));
}

const parseJson = <T>(text: unknown, fallback: T): T => {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** The schema's `toJSON()` as plain, typed data (JSON strings parsed, 0 meaning "none"). */
export function parseSnapshot(raw: unknown): WorkshopSnapshot {
  const r = (raw ?? {}) as Record<string, unknown>;
  const alliances = Array.isArray(r['alliances']) ? (r['alliances'] as Record<string, unknown>[]) : [];
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    workshopId: String(r['workshopId'] ?? ''),
    scenarioId: String(r['scenarioId'] ?? ''),
    phase: String(r['phase'] ?? 'lobby'),
    round: number(r['round']),
    rounds: number(r['rounds']),
    roundSeconds: number(r['roundSeconds']),
    deadline: number(r['deadline']) || null,
    pausedRemainingMs: number(r['pausedRemainingMs']) || null,
    decisionsLocked: r['decisionsLocked'] === true,
    alliances: alliances.map((a, index) => {
      const seats: Record<string, SeatSnapshot> = {};
      for (const [side, seat] of Object.entries((a['seats'] ?? {}) as Record<string, Record<string, unknown>>)) {
        seats[side] = {
          side,
          kind: String(seat['kind'] ?? 'human'),
          strategy: String(seat['strategy'] ?? ''),
          claimed: Boolean(seat['claimed']),
          forTeams: seat['forTeams'] !== false,
          connected: number(seat['connected']),
          submitted: Boolean(seat['submitted']),
          pending: parseJson<Decisions | null>(seat['pendingJson'], null),
        };
      }
      return {
        index: typeof a['index'] === 'number' ? a['index'] : index,
        phase: String(a['phase'] ?? 'briefing'),
        round: number(a['round']),
        seats,
        history: Array.isArray(a['playedRoundsJson']) ? (a['playedRoundsJson'] as unknown[]).map((round) => parseJson<RoundOutcome | null>(round, null)).filter((round): round is RoundOutcome => round !== null) : [],
        fallbacks: parseJson<FallbackMark[]>(a['fallbacksJson'], []),
        // One JSON string per deal (the server sends a changed deal alone).
        deals: Array.isArray(a['dealJsons']) ? (a['dealJsons'] as unknown[]).map((deal) => parseJson<GameState['deals'][number] | null>(deal, null)).filter((deal): deal is GameState['deals'][number] => deal !== null) : [],
        events: parseJson<GameState['events']>(a['eventsJson'], []),
        exit: parseJson<GameState['exit']>(a['exitJson'], null),
      };
    }),
  };
}

/** Milliseconds left in the round (the paused remainder while paused); null without a timer. */
export function timeLeftMs(snapshot: WorkshopSnapshot, now: number): number | null {
  if (snapshot.pausedRemainingMs !== null) return snapshot.pausedRemainingMs;
  if (snapshot.deadline === null) return null;
  return Math.max(0, snapshot.deadline - now);
}

export function formatClock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * One alliance as a rules GameState, so the game's selectors and tables work on it. Only the
 * viewer's own pending decisions are known (the server sends no others before the reveal).
 */
export function allianceGame(snapshot: WorkshopSnapshot, scenario: Scenario, alliance: number): GameState {
  const view = snapshot.alliances[alliance];
  if (!view) throw new Error(`no alliance ${alliance}`);
  const seats: Record<string, Seat> = {};
  const submissions: Record<string, Decisions> = {};
  for (const [side, seat] of Object.entries(view.seats)) {
    seats[side] = seat.kind === 'computer' ? { kind: 'computer', strategy: seat.strategy } : { kind: 'human' };
    if (seat.pending) submissions[side] = seat.pending;
  }
  const settings = gameSettingsOf({ scenarioId: scenario.definition.id, rounds: snapshot.rounds, seed: 0, seats, alliances: snapshot.alliances.length, roundSeconds: snapshot.roundSeconds, code: '', facilitatorSecretHash: '' }, alliance);
  return { settings, phase: view.phase as GameState['phase'], round: view.round, submissions, history: view.history, events: view.events, deals: view.deals, exit: view.exit };
}

export interface SeatLine {
  readonly alliance: number;
  readonly side: string;
  readonly sideName: string;
  /** 'stand-in': the computer plays a seat a team may still take. */
  readonly occupant: 'team' | 'computer' | 'stand-in' | 'empty';
  readonly strategy: string;
  readonly connected: number;
  readonly submitted: boolean;
}

/** The lobby: who sits where. */
export function seatLines(snapshot: WorkshopSnapshot, scenario: Scenario): SeatLine[] {
  return snapshot.alliances.flatMap((alliance) =>
    scenario.definition.sides.map((side) => {
      const seat = alliance.seats[side.id];
      return {
        alliance: alliance.index,
        side: side.id,
        sideName: side.name,
        occupant: seat?.kind === 'computer' ? (seat.forTeams ? 'stand-in' : 'computer') : seat?.claimed ? 'team' : 'empty',
        strategy: seat?.kind === 'computer' ? seat.strategy : '',
        connected: seat?.connected ?? 0,
        submitted: seat?.submitted ?? false,
      };
    }),
  );
}

/** Seats a team can take: empty ones, and those the computer only stands in for. */
export function freeSeats(snapshot: WorkshopSnapshot, scenario: Scenario): SeatLine[] {
  return seatLines(snapshot, scenario).filter((line) => line.occupant === 'empty' || line.occupant === 'stand-in');
}

export interface KpiColumn {
  readonly side: string;
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
  readonly scale: number;
  /** The KPI's declared range, display-scaled, for the chart's axis. */
  readonly range?: { readonly min: number; readonly max: number };
}

/** The key KPIs for the projector: the shared ones plus each side's cumulative profit. */
export function keyKpis(scenario: Scenario): KpiColumn[] {
  const sideNames = new Map(scenario.definition.sides.map((side) => [side.id, side.name]));
  const kpis = scenario.definition.kpis;
  const chosen = kpis.filter((kpi) => kpi.side === SHARED_SIDE);
  for (const side of scenario.definition.sides) {
    chosen.push(cumulativeProfitKpi(scenario, side.id));
  }
  return chosen.slice(0, 6).map((kpi) => ({ side: kpi.side, id: kpi.id, label: kpi.side === SHARED_SIDE ? kpi.label : `${sideNames.get(kpi.side) ?? kpi.side}: ${kpi.label}`, unit: kpi.unit, decimals: kpi.decimals, scale: kpi.displayScale, ...(kpi.range ? { range: { min: kpi.range.min * kpi.displayScale, max: kpi.range.max * kpi.displayScale } } : {}) }));
}

export interface ProjectorRow {
  readonly alliance: number;
  readonly name: string;
  readonly round: number;
  readonly values: readonly (number | null)[];
}

/** One row per alliance and played round, for the projector table. */
export function projectorRows(snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean): ProjectorRow[] {
  const columns = keyKpis(scenario);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return snapshot.alliances.flatMap((alliance) =>
    alliance.history.map((outcome) => ({
      alliance: alliance.index,
      name: showNames ? `Alliance ${alliance.index + 1}` : `Alliance ${letters[alliance.index % 26]}${alliance.index >= 26 ? Math.floor(alliance.index / 26) : ''}`,
      round: outcome.round,
      values: columns.map((column) => {
        const value = outcome.kpis[column.side]?.[column.id];
        return typeof value === 'number' ? value * column.scale : null;
      }),
    })),
  );
}

/** The workshop CSV's columns, in order. */
export const WORKSHOP_CSV_COLUMNS = ['alliance', 'round', 'kind', 'side', 'name', 'value', 'fallback', 'label', 'unit'];

/**
 * Every decision and KPI of every alliance and round, as rows for CSV (papaparse unparse), with
 * the events that began in each alliance (kind "event", value 1) and an invoked exit clause
 * (kind "exit"), so the export alone says what each alliance went through.
 */
export function workshopCsvRows(snapshot: WorkshopSnapshot, scenario: Scenario): Record<string, string | number>[] {
  const definition = scenario.definition;
  // The ids stay (they are stable for analysis); label and unit say in words what each row is.
  const decisionOf = (side: string, id: string) => definition.sides.find((candidate) => candidate.id === side)?.decisions.find((decision) => decision.id === id);
  const kpiOf = (side: string, id: string) => definition.kpis.find((kpi) => kpi.side === side && kpi.id === id);
  const rows: Record<string, string | number>[] = [];
  for (const alliance of snapshot.alliances) {
    const played = alliance.history.length;
    for (const event of alliance.events) {
      const name = definition.events.find((candidate) => candidate.id === event.eventId)?.name ?? event.eventId;
      if (event.round <= played) rows.push({ alliance: alliance.index + 1, round: event.round, kind: 'event', side: '', name: event.eventId, value: 1, fallback: '', label: name, unit: '' });
    }
    if (alliance.exit) rows.push({ alliance: alliance.index + 1, round: alliance.exit.round, kind: 'exit', side: alliance.exit.side, name: 'exitClause', value: 1, fallback: '', label: 'Exit clause invoked', unit: '' });
    const conduct = conductAnalysis(scenario, { history: alliance.history, deals: alliance.deals, exit: alliance.exit, filledIn: alliance.fallbacks });
    for (const outcome of alliance.history) {
      for (const side of definition.sides) {
        const round = conductOf(conduct, side.id).rounds[outcome.round - 1];
        if (round) rows.push({ alliance: alliance.index + 1, round: outcome.round, kind: 'conduct', side: side.id, name: 'conduct', value: conductCode(round), fallback: round.filledIn ? 'yes' : 'no', label: 'Conduct', unit: '' });
      }
      const fallback = new Set(alliance.fallbacks.filter((mark) => mark.round === outcome.round).map((mark) => mark.side));
      for (const [side, decisions] of Object.entries(outcome.decisions)) {
        for (const [decision, value] of Object.entries(decisions)) {
          const known = decisionOf(side, decision);
          rows.push({ alliance: alliance.index + 1, round: outcome.round, kind: 'decision', side, name: decision, value, fallback: fallback.has(side) ? 'yes' : 'no', label: known?.label ?? decision, unit: known?.unit ?? '' });
        }
      }
      for (const [side, kpis] of Object.entries(outcome.kpis)) {
        for (const [kpi, value] of Object.entries(kpis)) {
          const known = kpiOf(side, kpi);
          rows.push({ alliance: alliance.index + 1, round: outcome.round, kind: 'kpi', side, name: kpi, value, fallback: '', label: known?.label ?? kpi, unit: known?.unit ?? '' });
        }
      }
    }
  }
  return rows.sort((a, b) => Number(a['alliance']) - Number(b['alliance']) || Number(a['round']) - Number(b['round']));
}
