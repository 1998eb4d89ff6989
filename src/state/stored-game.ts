import { z } from 'zod';
import { gameActionSchema, zodProblems, type GameAction, type GameSettings, type Seat } from '../rules/index.ts';

/**
 * A game as it is saved and exported: its settings and its action log. Replaying the log gives
 * back the exact state, so nothing else needs storing. Files coming back in are checked.
 */
export const STORED_GAME_FORMAT = 'alliance-dynamics-game';

const seatSchema = z.union([z.object({ kind: z.literal('human') }), z.object({ kind: z.literal('computer'), strategy: z.string().min(1) })]);

/** The longest text kept of a field typed but not submitted (longer is not a number anyway). */
export const DRAFT_TEXT_MAX = 40;

/** What a side has typed but not yet submitted, field by field as typed (checked only when it is submitted). */
const draftSchema = z.object({ round: z.number().int().min(1).max(1000), values: z.record(z.string().max(64), z.string().max(DRAFT_TEXT_MAX)) });

export const storedGameSchema = z.object({
  format: z.literal(STORED_GAME_FORMAT),
  version: z.literal(1),
  id: z.string().min(1).max(100),
  label: z.string().max(200),
  mode: z.enum(['solo', 'two-teams']),
  humanSide: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  settings: z.object({
    scenarioId: z.string().min(1),
    rounds: z.number().int().min(1).max(200),
    seed: z.number().int(),
    seats: z.record(z.string(), seatSchema),
    partnerYardstickVisible: z.boolean(),
    events: z.array(z.object({ eventId: z.string(), round: z.number().int().min(1) })),
    constants: z.record(z.string(), z.number()).optional(),
  }),
  log: z.array(gameActionSchema).max(100_000),
  /** Entries typed and not yet submitted, per side: a refresh or a crash gives them back. */
  drafts: z.record(z.string().max(64), draftSchema).optional(),
  /** Two teams on one screen: the side that held the device. */
  deviceHolder: z.string().max(64).nullable().optional(),
});

export type DecisionDraft = z.infer<typeof draftSchema>;

export interface StoredGame {
  readonly format: typeof STORED_GAME_FORMAT;
  readonly version: 1;
  readonly id: string;
  readonly label: string;
  readonly mode: 'solo' | 'two-teams';
  readonly humanSide: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly settings: GameSettings;
  readonly log: readonly GameAction[];
  readonly drafts?: Readonly<Record<string, DecisionDraft>>;
  readonly deviceHolder?: string | null;
}

/** How far a saved game got, read from its log without replaying it. */
export type SavedProgress = { readonly kind: 'briefing' } | { readonly kind: 'playing'; readonly round: number; readonly rounds: number } | { readonly kind: 'finished'; readonly rounds: number };

/** One line of the saved-games list: enough to tell any two games apart at a glance. */
export interface SavedGameSummary {
  readonly id: string;
  readonly label: string;
  readonly scenarioId: string;
  readonly mode: 'solo' | 'two-teams';
  /** Who plays each side, in the case's order: the computer with its strategy, or people. */
  readonly seats: readonly { readonly side: string; readonly seat: Seat }[];
  readonly progress: SavedProgress;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where games are kept: localStorage in the browser, memory in tests. */
export interface GameRepository {
  list(): SavedGameSummary[];
  load(id: string): StoredGame | undefined;
  save(game: StoredGame): void;
  remove(id: string): void;
  /** The game that was open when the page was last left (closed, refreshed, crashed), if any. */
  openGameId(): string | null;
  setOpenGameId(id: string | null): void;
}

/** The round a game had reached, or that it was finished, from its log alone. */
export function progressOf(game: Pick<StoredGame, 'settings' | 'log'>): SavedProgress {
  let round = 0;
  for (const action of game.log) {
    if (action.type === 'startGame') round = 1;
    else if (action.type === 'nextRound') {
      if (action.round >= game.settings.rounds) return { kind: 'finished', rounds: game.settings.rounds };
      round = action.round + 1;
    }
  }
  return round === 0 ? { kind: 'briefing' } : { kind: 'playing', round, rounds: game.settings.rounds };
}

export function summarise(game: StoredGame): SavedGameSummary {
  return {
    id: game.id,
    label: game.label,
    scenarioId: game.settings.scenarioId,
    mode: game.mode,
    seats: Object.entries(game.settings.seats).map(([side, seat]) => ({ side, seat })),
    progress: progressOf(game),
    createdAt: game.createdAt,
    updatedAt: game.updatedAt,
  };
}

export function createMemoryRepository(): GameRepository {
  const games = new Map<string, StoredGame>();
  let open: string | null = null;
  return {
    list: () => [...games.values()].map(summarise).sort((a, b) => b.updatedAt - a.updatedAt),
    load: (id) => games.get(id),
    save: (game) => void games.set(game.id, game),
    remove: (id) => void games.delete(id),
    openGameId: () => open,
    setOpenGameId: (id) => void (open = id),
  };
}

/** Checks a file that claims to be a saved game; the message says what is wrong in plain words. */
export function parseStoredGame(text: string): { ok: true; game: StoredGame } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not a saved game: it is not even valid JSON.' };
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== STORED_GAME_FORMAT) {
    return { ok: false, error: 'This file is not an Alliance Dynamics saved game.' };
  }
  const parsed = storedGameSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: `This saved game is damaged (${zodProblems(parsed.error)[0]}).` };
  }
  return { ok: true, game: parsed.data as StoredGame };
}
