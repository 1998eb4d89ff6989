import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyAction, createGame, type GameAction, type GameState, type Scenario, type ScheduledEvent } from '../rules/index.ts';
import { parseStoredGame, summarise, type GameRepository, type SavedGameSummary, type StoredGame, STORED_GAME_FORMAT } from './stored-game.ts';

export type Mode = 'solo' | 'two-teams';

export interface NewGameSetup {
  readonly scenarioId: string;
  readonly mode: Mode;
  /** Solo: the side the player takes; the other is the computer's. */
  readonly humanSide?: string;
  readonly partnerStrategy?: string;
  readonly rounds: number;
  readonly events: readonly ScheduledEvent[];
  readonly partnerYardstickVisible: boolean;
}

export interface Session {
  readonly id: string;
  readonly label: string;
  readonly mode: Mode;
  readonly humanSide: string | null;
  readonly scenario: Scenario;
  readonly game: GameState;
  readonly log: readonly GameAction[];
  readonly createdAt: number;
  /** Two teams on one screen: the side holding the device, or null while it is being passed. */
  readonly deviceHolder: string | null;
}

export interface GameStoreState {
  readonly scenarios: readonly Scenario[];
  readonly session: Session | null;
  readonly saved: readonly SavedGameSummary[];
  /** The last refusal or problem, in words for the player. */
  readonly lastError: string | null;
}

export interface GameStoreActions {
  newGame(setup: NewGameSetup): void;
  resume(id: string): void;
  /** Applies an action; false (and lastError set) when the rules refuse it. */
  dispatch(action: GameAction): boolean;
  holdDevice(side: string): void;
  passDevice(): void;
  leave(): void;
  exportGame(id: string): string | undefined;
  importGame(text: string): boolean;
  removeSaved(id: string): void;
  clearError(): void;
}

export type GameStore = GameStoreState & GameStoreActions;

export interface GameStoreDeps {
  readonly scenarios: readonly Scenario[];
  readonly repository: GameRepository;
  readonly now: () => number;
  readonly newId: () => string;
  readonly seed?: () => number;
}

function replay(scenario: Scenario, stored: StoredGame): GameState {
  let state = createGame(scenario, stored.settings);
  for (const [index, action] of stored.log.entries()) {
    const result = applyAction(scenario, state, action);
    if (!result.ok) throw new Error(`step ${index + 1} of the saved game was refused: ${result.reason}`);
    state = result.state;
  }
  return state;
}

/**
 * The session store: the only place that holds the current game. Views read it and call its
 * actions; every change goes through the rules' applyAction, and every accepted action is saved
 * at once, so a refresh or a closed tab resumes exactly where the game was.
 */
export function createGameStore(deps: GameStoreDeps): StoreApi<GameStore> {
  return createStore<GameStore>()((set, get) => {
    const scenarioById = (id: string): Scenario | undefined => deps.scenarios.find((scenario) => scenario.definition.id === id);

    const persist = (session: Session): void => {
      const stored: StoredGame = {
        format: STORED_GAME_FORMAT,
        version: 1,
        id: session.id,
        label: session.label,
        mode: session.mode,
        humanSide: session.humanSide,
        createdAt: session.createdAt,
        updatedAt: deps.now(),
        settings: session.game.settings,
        log: session.log,
      };
      deps.repository.save(stored);
    };

    const open = (stored: StoredGame): boolean => {
      const scenario = scenarioById(stored.settings.scenarioId);
      if (!scenario) {
        set({ lastError: `This game needs the case "${stored.settings.scenarioId}", which this version does not have.` });
        return false;
      }
      let game: GameState;
      try {
        game = replay(scenario, stored);
      } catch (error) {
        set({ lastError: `This saved game could not be restored: ${(error as Error).message}` });
        return false;
      }
      set({
        session: { id: stored.id, label: stored.label, mode: stored.mode, humanSide: stored.humanSide, scenario, game, log: stored.log, createdAt: stored.createdAt, deviceHolder: null },
        lastError: null,
      });
      return true;
    };

    return {
      scenarios: deps.scenarios,
      session: null,
      saved: deps.repository.list(),
      lastError: null,

      newGame(setup) {
        const scenario = scenarioById(setup.scenarioId);
        if (!scenario) return set({ lastError: `There is no case "${setup.scenarioId}".` });
        const sides = scenario.definition.sides.map((side) => side.id);
        const humanSide = setup.mode === 'solo' ? (setup.humanSide ?? sides[0]!) : null;
        const seats = Object.fromEntries(
          sides.map((side) => [
            side,
            setup.mode === 'solo' && side !== humanSide
              ? { kind: 'computer' as const, strategy: setup.partnerStrategy ?? scenario.definition.defaultPartnerStrategy[side]! }
              : { kind: 'human' as const },
          ]),
        );
        let game: GameState;
        try {
          game = createGame(scenario, {
            scenarioId: setup.scenarioId,
            rounds: setup.rounds,
            seed: deps.seed?.() ?? 1,
            seats,
            partnerYardstickVisible: setup.partnerYardstickVisible,
            events: setup.events,
          });
        } catch (error) {
          return set({ lastError: (error as Error).message });
        }
        const createdAt = deps.now();
        const role = humanSide ? ` as ${scenario.definition.sides.find((side) => side.id === humanSide)!.name}` : ', two teams';
        const session: Session = {
          id: deps.newId(),
          label: `${scenario.definition.title}${role}`,
          mode: setup.mode,
          humanSide,
          scenario,
          game,
          log: [],
          createdAt,
          deviceHolder: null,
        };
        persist(session);
        set({ session, lastError: null, saved: deps.repository.list() });
      },

      resume(id) {
        const stored = deps.repository.load(id);
        if (!stored) return set({ lastError: 'That saved game is no longer there.' });
        open(stored);
      },

      dispatch(action) {
        const session = get().session;
        if (!session) return false;
        const result = applyAction(session.scenario, session.game, action);
        if (!result.ok) {
          set({ lastError: result.reason });
          return false;
        }
        // Two teams on one screen: after a submission the device goes back to the table.
        const deviceHolder = session.mode === 'two-teams' && (action.type === 'submitDecisions' || action.type === 'nextRound') ? null : session.deviceHolder;
        const next: Session = { ...session, game: result.state, log: [...session.log, action], deviceHolder };
        persist(next);
        set({ session: next, lastError: null, saved: deps.repository.list() });
        return true;
      },

      holdDevice(side) {
        const session = get().session;
        if (session) set({ session: { ...session, deviceHolder: side } });
      },

      passDevice() {
        const session = get().session;
        if (session) set({ session: { ...session, deviceHolder: null } });
      },

      leave() {
        set({ session: null, lastError: null, saved: deps.repository.list() });
      },

      exportGame(id) {
        const stored = deps.repository.load(id);
        return stored ? JSON.stringify(stored, null, 2) : undefined;
      },

      importGame(text) {
        const parsed = parseStoredGame(text);
        if (!parsed.ok) {
          set({ lastError: parsed.error });
          return false;
        }
        const scenario = scenarioById(parsed.game.settings.scenarioId);
        if (!scenario) {
          set({ lastError: `This game needs the case "${parsed.game.settings.scenarioId}", which this version does not have.` });
          return false;
        }
        try {
          replay(scenario, parsed.game);
        } catch (error) {
          set({ lastError: `This saved game could not be restored: ${(error as Error).message}` });
          return false;
        }
        // An imported copy never overwrites a game of the same id by surprise.
        const game = deps.repository.load(parsed.game.id) ? { ...parsed.game, id: deps.newId() } : parsed.game;
        deps.repository.save(game);
        set({ saved: deps.repository.list(), lastError: null });
        return true;
      },

      removeSaved(id) {
        deps.repository.remove(id);
        set({ saved: deps.repository.list() });
      },

      clearError() {
        set({ lastError: null });
      },
    };
  });
}

export { summarise };
