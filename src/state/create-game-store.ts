import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyAction, createGame, type GameAction, type GameState, type Scenario, type ScheduledEvent } from '../rules/index.ts';
import { DRAFT_TEXT_MAX, parseStoredGame, summarise, type DecisionDraft, type GameRepository, type SavedGameSummary, type StoredGame, STORED_GAME_FORMAT } from './stored-game.ts';

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
  /** What each side has typed this round and not yet submitted, as typed. */
  readonly drafts: Readonly<Record<string, DecisionDraft>>;
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
  /** Keeps what a side has typed but not submitted, so a refresh or a crash loses none of it. */
  saveDraft(side: string, values: Readonly<Record<string, string>>): void;
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
      deps.repository.setOpenGameId(session.id);
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
        drafts: session.drafts,
        deviceHolder: session.deviceHolder,
      };
      deps.repository.save(stored);
    };

    const open = (stored: StoredGame): boolean => openInto(stored, set);

    function openInto(stored: StoredGame, set: (partial: Partial<GameStoreState>) => void): boolean {
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
      const holder = stored.mode === 'two-teams' && stored.deviceHolder && game.settings.seats[stored.deviceHolder]?.kind === 'human' ? stored.deviceHolder : null;
      set({
        session: {
          id: stored.id,
          label: stored.label,
          mode: stored.mode,
          humanSide: stored.humanSide,
          scenario,
          game,
          log: stored.log,
          createdAt: stored.createdAt,
          deviceHolder: holder,
          drafts: openDrafts(scenario, game, stored.drafts),
        },
        lastError: null,
      });
      deps.repository.setOpenGameId(stored.id);
      return true;
    }

    // The game that was open when the page was left opens again directly.
    const reopen = (): Pick<GameStoreState, 'session' | 'lastError'> => {
      const id = deps.repository.openGameId();
      const stored = id === null ? undefined : deps.repository.load(id);
      if (!stored) {
        if (id !== null) deps.repository.setOpenGameId(null);
        return { session: null, lastError: null };
      }
      let opened: Pick<GameStoreState, 'session' | 'lastError'> = { session: null, lastError: null };
      const capture = (partial: Partial<GameStoreState>): void => void (opened = { ...opened, ...partial });
      openInto(stored, capture);
      if (!opened.session) deps.repository.setOpenGameId(null);
      return opened;
    };

    return {
      scenarios: deps.scenarios,
      ...reopen(),
      saved: deps.repository.list(),

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
          drafts: {},
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
        const next: Session = { ...session, game: result.state, log: [...session.log, action], deviceHolder, drafts: draftsAfter(session, result.state, action) };
        persist(next);
        set({ session: next, lastError: null, saved: deps.repository.list() });
        return true;
      },

      saveDraft(side, values) {
        const session = get().session;
        if (!session || session.game.phase !== 'decide' || session.game.submissions[side] || session.game.settings.seats[side]?.kind !== 'human') return;
        // Only this side's own fields, each cut to what a saved game holds: a pasted novel must not
        // make the whole saved game unreadable on the next visit.
        const own = session.scenario.definition.sides.find((candidate) => candidate.id === side)?.decisions ?? [];
        const kept: Record<string, string> = {};
        for (const decision of own) if (Object.hasOwn(values, decision.id)) kept[decision.id] = String(values[decision.id]).slice(0, DRAFT_TEXT_MAX);
        const next: Session = { ...session, drafts: { ...session.drafts, [side]: { round: session.game.round, values: kept } } };
        persist(next);
        set({ session: next });
      },

      holdDevice(side) {
        const session = get().session;
        if (!session) return;
        const next = { ...session, deviceHolder: side };
        persist(next);
        set({ session: next });
      },

      passDevice() {
        const session = get().session;
        if (!session) return;
        const next = { ...session, deviceHolder: null };
        persist(next);
        set({ session: next });
      },

      leave() {
        deps.repository.setOpenGameId(null);
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
        // One entry per game: the same game again is not a second entry, and a copy that went
        // further replaces the one it grew from. A different game with the same id (a copy that
        // went another way) never overwrites it by surprise: it gets an id of its own.
        const existing = deps.repository.load(parsed.game.id);
        if (existing && sameGame(existing, parsed.game)) {
          if (parsed.game.log.length <= existing.log.length) {
            set({ lastError: 'This game is already in the list, at the same point or further on.' });
            return false;
          }
          deps.repository.save({ ...parsed.game, updatedAt: Math.max(parsed.game.updatedAt, existing.updatedAt) });
        } else {
          deps.repository.save(existing ? { ...parsed.game, id: deps.newId() } : parsed.game);
        }
        set({ saved: deps.repository.list(), lastError: null });
        return true;
      },

      removeSaved(id) {
        if (deps.repository.openGameId() === id) deps.repository.setOpenGameId(null);
        deps.repository.remove(id);
        set({ saved: deps.repository.list() });
      },

      clearError() {
        set({ lastError: null });
      },
    };
  });
}

/** Two saved copies of one game: the same settings, one log the start of the other. */
function sameGame(a: StoredGame, b: StoredGame): boolean {
  if (JSON.stringify(a.settings) !== JSON.stringify(b.settings)) return false;
  const [shorter, longer] = a.log.length <= b.log.length ? [a.log, b.log] : [b.log, a.log];
  return shorter.every((action, i) => JSON.stringify(action) === JSON.stringify(longer[i]));
}

/**
 * Drafts as saved, kept only where they still apply: a human side's, for the round being decided,
 * not yet submitted, and only fields that are decisions of that side (the file is not trusted).
 */
function openDrafts(scenario: Scenario, game: GameState, saved: StoredGame['drafts']): Record<string, DecisionDraft> {
  const drafts: Record<string, DecisionDraft> = {};
  if (!saved || game.phase !== 'decide') return drafts;
  for (const side of scenario.definition.sides) {
    if (!Object.hasOwn(saved, side.id) || game.submissions[side.id] || game.settings.seats[side.id]?.kind !== 'human') continue;
    const draft = saved[side.id]!;
    if (draft.round !== game.round) continue;
    const values: Record<string, string> = {};
    for (const decision of side.decisions) if (Object.hasOwn(draft.values, decision.id)) values[decision.id] = draft.values[decision.id]!;
    drafts[side.id] = { round: draft.round, values };
  }
  return drafts;
}

/**
 * Drafts after an action: a submission clears the side's draft; taking decisions back puts them
 * in the fields again; a new round starts with none.
 */
function draftsAfter(session: Session, state: GameState, action: GameAction): Session['drafts'] {
  if (state.round !== session.game.round || state.phase === 'debrief') return {};
  if (action.type === 'submitDecisions') {
    const drafts = { ...session.drafts };
    delete drafts[action.side];
    return drafts;
  }
  if (action.type === 'undoSubmission') {
    const taken = session.game.submissions[action.side];
    if (!taken) return session.drafts;
    return { ...session.drafts, [action.side]: { round: state.round, values: Object.fromEntries(Object.entries(taken).map(([id, value]) => [id, String(value)])) } };
  }
  return session.drafts;
}

export { summarise };
