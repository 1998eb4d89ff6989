import { z } from 'zod';
import { gameActionSchema, zodProblems, type GameAction, type GameSettings } from '../rules/index.ts';

/**
 * A game as it is saved and exported: its settings and its action log. Replaying the log gives
 * back the exact state, so nothing else needs storing. Files coming back in are checked.
 */
export const STORED_GAME_FORMAT = 'alliance-dynamics-game';

const seatSchema = z.union([z.object({ kind: z.literal('human') }), z.object({ kind: z.literal('computer'), strategy: z.string().min(1) })]);

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
});

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
}

export interface SavedGameSummary {
  readonly id: string;
  readonly label: string;
  readonly scenarioId: string;
  readonly mode: 'solo' | 'two-teams';
  readonly updatedAt: number;
  readonly actions: number;
}

/** Where games are kept: localStorage in the browser, memory in tests. */
export interface GameRepository {
  list(): SavedGameSummary[];
  load(id: string): StoredGame | undefined;
  save(game: StoredGame): void;
  remove(id: string): void;
}

export function summarise(game: StoredGame): SavedGameSummary {
  return { id: game.id, label: game.label, scenarioId: game.settings.scenarioId, mode: game.mode, updatedAt: game.updatedAt, actions: game.log.length };
}

export function createMemoryRepository(): GameRepository {
  const games = new Map<string, StoredGame>();
  return {
    list: () => [...games.values()].map(summarise).sort((a, b) => b.updatedAt - a.updatedAt),
    load: (id) => games.get(id),
    save: (game) => void games.set(game.id, game),
    remove: (id) => void games.delete(id),
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
