import { parseStoredGame, summarise, type GameRepository, type StoredGame } from '../state/stored-game.ts';

const PREFIX = 'alliance-dynamics:game:';
/** The game open when the page was left: reopened directly on the next visit. */
const OPEN_KEY = 'alliance-dynamics:open-game';

/** Saved games in the browser's localStorage: one entry per game, written after every action. */
export function createLocalStorageRepository(storage: Storage = window.localStorage): GameRepository {
  const keys = (): string[] => Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((key): key is string => key?.startsWith(PREFIX) ?? false);
  const read = (key: string): StoredGame | undefined => {
    const text = storage.getItem(key);
    if (text === null) return undefined;
    const parsed = parseStoredGame(text);
    return parsed.ok ? parsed.game : undefined;
  };
  return {
    list: () =>
      keys()
        .map(read)
        .filter((game): game is StoredGame => game !== undefined)
        .map(summarise)
        .sort((a, b) => b.updatedAt - a.updatedAt),
    load: (id) => read(PREFIX + id),
    save: (game) => storage.setItem(PREFIX + game.id, JSON.stringify(game)),
    remove: (id) => storage.removeItem(PREFIX + id),
    openGameId: () => storage.getItem(OPEN_KEY),
    setOpenGameId: (id) => (id === null ? storage.removeItem(OPEN_KEY) : storage.setItem(OPEN_KEY, id)),
  };
}
