/**
 * The explorer's store, separate from the game's: the model open for exploring (a case, a branch
 * from a played game, or a model of one's own), its slider values and events, the current run,
 * pinned branches and the Monte Carlo state. Every slider move re-simulates the whole horizon.
 * Views read it and call its actions; the Monte Carlo worker is reached through a dependency.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { compileModel, formatModelError, looksLikeVensim, loopDominance, writeVensimConstants, type LoopDominance } from '../engine/index.ts';
import type { GameState, Scenario } from '../rules/index.ts';
import type { MonteCarloModel, MonteCarloRequest, MonteCarloResult } from './explorer-monte-carlo.ts';
import { planOverrides, type PlanRun } from './explorer-run.ts';
import { exportFileName, monteCarloRequest } from './explorer-selectors.ts';
import { caseSetup, gameSetup, modelSetup, planOf, type ExplorerEvent, type ExplorerSetup } from './explorer-setup.ts';
import { createExplorerSimulator } from './explorer-simulator.ts';
import { writeConstants } from './explorer-xmile.ts';

export const MAX_BRANCHES = 5;
export { MAX_FANS } from './explorer-selectors.ts';
export const MONTE_CARLO_RUNS = [1000, 2000, 5000, 10000] as const;

export interface Branch {
  readonly id: number;
  readonly name: string;
  /** Position in the branch palette (0–4), kept while the branch lives. */
  readonly colorIndex: number;
  readonly values: Readonly<Record<string, number>>;
  readonly events: readonly ExplorerEvent[];
  readonly run: PlanRun;
  /** The played game itself, pinned when exploring from a game. */
  readonly asPlayed: boolean;
}

export interface RangeSetting {
  readonly on: boolean;
  /** Null: 20 % either side of the current value (a decision: a tenth of its range). */
  readonly low: number | null;
  readonly high: number | null;
}

export type MonteCarloState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly done: number; readonly total: number; readonly startedAt: number }
  | { readonly status: 'done'; readonly result: MonteCarloResult; readonly wallSeconds: number }
  | { readonly status: 'cancelled'; readonly done: number; readonly total: number }
  | { readonly status: 'failed'; readonly message: string };

export interface ExplorerSession {
  readonly setup: ExplorerSetup;
  readonly values: Readonly<Record<string, number>>;
  readonly events: readonly ExplorerEvent[];
  readonly charted: readonly string[];
  readonly run: PlanRun;
  /** Milliseconds of the latest re-simulations, newest last. */
  readonly timings: readonly number[];
  readonly branches: readonly Branch[];
  readonly nextBranchId: number;
  readonly ranges: Readonly<Record<string, RangeSetting>>;
  readonly runs: number;
  readonly seed: number;
  readonly tornadoOutput: string;
  /** A case: re-balance each draw's start as the game does (else keep the current calibration). */
  readonly recalibrate: boolean;
  /** Which tornado a case shows: parameters varied with the start re-balanced, or with the current start held. */
  readonly tornadoCalibration: 'rebalanced' | 'held';
  readonly monteCarlo: MonteCarloState;
}

export interface ImportProblem {
  readonly fileName: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export interface ExplorerState {
  readonly scenarios: readonly Scenario[];
  readonly session: ExplorerSession | null;
  /** The last model file that could not be opened, with every reason. */
  readonly importProblem: ImportProblem | null;
  readonly lastError: string | null;
}

export interface ExplorerActions {
  openCase(scenarioId: string): void;
  openGame(input: { readonly scenario: Scenario; readonly state: GameState; readonly fromRound: number }): void;
  /** Compile a model file; false (with importProblem set) when it cannot run. */
  importModel(fileName: string, text: string): boolean;
  /** A file that could not even be read (too large, not text): reported like a model that cannot run. */
  rejectFile(fileName: string, reason: string): void;
  setValue(sliderId: string, value: number): void;
  resetValues(): void;
  setEvent(eventId: string, change: { readonly on?: boolean; readonly round?: number }): void;
  chart(outputId: string): void;
  unchart(outputId: string): void;
  /** Pin the current run as a branch; false when five are pinned already. */
  pinBranch(name: string): boolean;
  renameBranch(id: number, name: string): void;
  removeBranch(id: number): void;
  /** The model with the current values written into its constants, or null (with lastError) when that cannot be done. */
  exportXmile(): { fileName: string; text: string } | null;
  setRange(sliderId: string, change: Partial<RangeSetting>): void;
  setMonteCarloRuns(runs: number): void;
  setTornadoOutput(outputId: string): void;
  setRecalibrate(on: boolean): void;
  setTornadoCalibration(calibration: 'rebalanced' | 'held'): void;
  setSeed(seed: number): void;
  startMonteCarlo(): void;
  cancelMonteCarlo(): void;
  /** Which loop leads when, in the current run (Loops That Matter); null when nothing is open. */
  loopDominance(): LoopDominance | null;
  clearImportProblem(): void;
  clearError(): void;
  close(): void;
}

export type ExplorerStore = ExplorerState & ExplorerActions;

export interface MonteCarloListener {
  progress(done: number, total: number): void;
  done(result: MonteCarloResult): void;
  failed(message: string): void;
}

/**
 * Start a Monte Carlo run somewhere (Web Workers in the page, in place in tests); cancel stops it.
 * `warm`, when there is one, gets ready for runs of a model (compiles it) before the first is asked for.
 */
export type MonteCarloLauncher = ((request: MonteCarloRequest, listener: MonteCarloListener) => { cancel(): void }) & { readonly warm?: (model: MonteCarloModel) => void };

export interface ExplorerStoreDeps {
  readonly scenarios: readonly Scenario[];
  /** Each case's files as text, by scenario id: exported, and compiled again by the worker. */
  readonly caseSources: Readonly<Record<string, { readonly modelSource: string; readonly gameJson: string }>>;
  /** A clock in milliseconds (performance.now in the page). */
  readonly now: () => number;
  readonly monteCarlo?: MonteCarloLauncher;
}

const TIMINGS_KEPT = 20;

/** Open the explorer on a played game, branching at the start of `fromRound` (the rounds before it as played). */
export function openExplorerFromGame(store: StoreApi<ExplorerStore>, input: { readonly scenario: Scenario; readonly state: GameState; readonly fromRound: number }): void {
  store.getState().openGame(input);
}

export function createExplorerStore(deps: ExplorerStoreDeps): StoreApi<ExplorerStore> {
  return createStore<ExplorerStore>()((set, get) => {
    const simulator = createExplorerSimulator();

    /** Re-simulate and time it: the figure the page shows under the sliders. */
    const rerun = (session: ExplorerSession, values: Readonly<Record<string, number>>, events: readonly ExplorerEvent[]): Pick<ExplorerSession, 'run' | 'timings' | 'values' | 'events'> => {
      const started = deps.now();
      const run = simulator.simulate(session.setup, values, events);
      const elapsed = deps.now() - started;
      return { run, values, events, timings: [...session.timings, elapsed].slice(-TIMINGS_KEPT) };
    };

    let monteCarloHandle: { cancel(): void } | null = null;
    let monteCarloToken = 0;
    const stopMonteCarlo = (): void => {
      monteCarloHandle?.cancel();
      monteCarloHandle = null;
      monteCarloToken++;
    };

    const open = (setup: ExplorerSetup, asPlayed: PlanRun | null): void => {
      stopMonteCarlo();
      simulator.reset();
      const values = Object.fromEntries(setup.sliders.map((slider) => [slider.id, slider.base]));
      const ranges = Object.fromEntries(setup.sliders.map((slider) => [slider.id, { on: slider.kind === 'parameter', low: null, high: null }]));
      const empty: ExplorerSession = {
        setup,
        values,
        events: setup.events,
        charted: setup.charted,
        run: { time: new Float64Array(0), series: new Map() },
        timings: [],
        branches: [],
        nextBranchId: 1,
        ranges,
        runs: MONTE_CARLO_RUNS[0],
        seed: 1,
        tornadoOutput: setup.charted[0] ?? setup.model.outputs[0]?.id ?? '',
        recalibrate: true,
        tornadoCalibration: 'rebalanced',
        monteCarlo: { status: 'idle' },
      };
      // The first run includes warming up; the timings shown are those of re-runs.
      const session: ExplorerSession = { ...empty, ...rerun(empty, values, setup.events), timings: [] };
      const branches: Branch[] = asPlayed ? [{ id: 1, name: '', colorIndex: 0, values, events: setup.events, run: asPlayed, asPlayed: true }] : [];
      set({ session: { ...session, branches, nextBranchId: branches.length + 1 }, importProblem: null, lastError: null });
      // The Monte Carlo's workers compile the model now, so a run starts at once when asked for.
      deps.monteCarlo?.warm?.({ model: { source: setup.xmile, fileName: setup.fileName }, scenario: setup.scenario && setup.gameJson ? { folder: setup.scenario.folder, gameJson: setup.gameJson } : null });
    };

    const update = (change: (session: ExplorerSession) => Partial<ExplorerSession>): void => {
      const session = get().session;
      if (session) set({ session: { ...session, ...change(session) } });
    };

    const filesOf = (scenario: Scenario) => {
      const files = deps.caseSources[scenario.definition.id];
      if (!files) throw new Error(`the explorer has no files for the case "${scenario.definition.id}"`);
      return files;
    };

    return {
      scenarios: deps.scenarios,
      session: null,
      importProblem: null,
      lastError: null,

      openCase(scenarioId) {
        const scenario = deps.scenarios.find((candidate) => candidate.definition.id === scenarioId);
        if (!scenario) return set({ lastError: `There is no case "${scenarioId}".` });
        open(caseSetup(scenario, filesOf(scenario)), null);
      },

      openGame({ scenario, state, fromRound }) {
        let setup: ExplorerSetup;
        try {
          setup = gameSetup(scenario, filesOf(scenario), state, fromRound);
        } catch (error) {
          return set({ lastError: (error as Error).message });
        }
        // The game as it was played, on the same horizon, for comparison.
        open(setup, simulator.asPlayed(setup, scenario, state));
      },

      importModel(fileName, text) {
        const compiled = compileModel(text, { fileName });
        if (!compiled.ok) {
          set({ importProblem: { fileName, errors: compiled.errors.map(formatModelError), warnings: compiled.warnings.map(formatModelError) }, lastError: null });
          return false;
        }
        try {
          open(modelSetup(compiled.model, fileName, text, compiled.warnings.map(formatModelError)), null);
        } catch (error) {
          set({ importProblem: { fileName, errors: [`${fileName}: ${(error as Error).message}`], warnings: [] } });
          return false;
        }
        return true;
      },

      rejectFile(fileName, reason) {
        set({ importProblem: { fileName, errors: [`${fileName}: ${reason}`], warnings: [] } });
      },

      setValue(sliderId, value) {
        const session = get().session;
        if (!session || !Number.isFinite(value) || !session.setup.sliders.some((slider) => slider.id === sliderId)) return;
        if (session.values[sliderId] === value) return;
        set({ session: { ...session, ...rerun(session, { ...session.values, [sliderId]: value }, session.events) } });
      },

      resetValues() {
        const session = get().session;
        if (!session) return;
        const values = Object.fromEntries(session.setup.sliders.map((slider) => [slider.id, slider.base]));
        set({ session: { ...session, ...rerun(session, values, session.setup.events) } });
      },

      setEvent(eventId, change) {
        const session = get().session;
        if (!session) return;
        const events = session.events.map((event) => {
          if (event.id !== eventId || event.locked) return event;
          const round = change.round === undefined || !Number.isFinite(change.round) ? event.round : Math.max(1, Math.round(change.round));
          return { ...event, on: change.on ?? event.on, round };
        });
        set({ session: { ...session, ...rerun(session, session.values, events) } });
      },

      chart(outputId) {
        update((session) => (session.charted.includes(outputId) || !session.run.series.has(outputId) ? {} : { charted: [...session.charted, outputId] }));
      },

      unchart(outputId) {
        update((session) => {
          const charted = session.charted.filter((id) => id !== outputId);
          return { charted, tornadoOutput: session.tornadoOutput === outputId ? (charted[0] ?? session.tornadoOutput) : session.tornadoOutput };
        });
      },

      pinBranch(name) {
        const session = get().session;
        if (!session) return false;
        if (session.branches.length >= MAX_BRANCHES) {
          set({ lastError: `Up to ${MAX_BRANCHES} runs can be pinned; remove one to pin another.` });
          return false;
        }
        const used = new Set(session.branches.map((branch) => branch.colorIndex));
        const colorIndex = [0, 1, 2, 3, 4].find((index) => !used.has(index))!;
        const branch: Branch = { id: session.nextBranchId, name: name.trim() || `Run ${session.nextBranchId}`, colorIndex, values: session.values, events: session.events, run: session.run, asPlayed: false };
        set({ session: { ...session, branches: [...session.branches, branch], nextBranchId: session.nextBranchId + 1 }, lastError: null });
        return true;
      },

      renameBranch(id, name) {
        update((session) => ({ branches: session.branches.map((branch) => (branch.id === id && name.trim() !== '' ? { ...branch, name: name.trim() } : branch)) }));
      },

      removeBranch(id) {
        update((session) => ({ branches: session.branches.filter((branch) => branch.id !== id) }));
      },

      loopDominance() {
        const session = get().session;
        if (!session) return null;
        const setup = session.setup;
        const plan = planOf(setup, session.values, session.events);
        const changes = plan.prefix.map((entry) => ({ time: entry.time, values: entry.set }));
        if (plan.decisionsAt !== null) changes.push({ time: plan.decisionsAt, values: plan.decisions });
        return loopDominance(setup.model, {
          overrides: planOverrides(setup.model, simulator.calibrateFor(setup), plan),
          changes,
          ...(plan.stopTime === null ? {} : { stopAt: plan.stopTime }),
        });
      },

      exportXmile() {
        const session = get().session;
        if (!session) return null;
        const setup = session.setup;
        if (setup.game) {
          set({ lastError: 'A branch from a played game changes decisions quarter by quarter, which constants in a model file cannot hold. Open the case itself to export it.' });
          return null;
        }
        try {
          const plan = planOf(setup, session.values, session.events);
          const overrides = planOverrides(setup.model, simulator.calibrateFor(setup), plan);
          const changed: Record<string, number> = {};
          for (const parameter of setup.model.parameters) {
            const value = overrides[parameter.id];
            if (value !== undefined && !Object.is(value, parameter.value)) changed[parameter.id] = value;
          }
          // A Vensim model is exported as Vensim, with the constants written into its own text.
          const vensim = setup.source.kind === 'model' && looksLikeVensim(setup.xmile, setup.fileName);
          return { fileName: exportFileName(setup), text: vensim ? writeVensimConstants(setup.xmile, changed) : writeConstants(setup.xmile, setup.model, changed) };
        } catch (error) {
          set({ lastError: `The model could not be exported: ${(error as Error).message}` });
          return null;
        }
      },

      setRange(sliderId, change) {
        update((session) => {
          const current = session.ranges[sliderId];
          if (!current) return {};
          return { ranges: { ...session.ranges, [sliderId]: { ...current, ...change } } };
        });
      },

      setMonteCarloRuns(runs) {
        if (!(MONTE_CARLO_RUNS as readonly number[]).includes(runs)) return;
        update(() => ({ runs }));
      },

      setTornadoOutput(outputId) {
        update((session) => (session.run.series.has(outputId) ? { tornadoOutput: outputId } : {}));
      },

      setRecalibrate(on) {
        update(() => ({ recalibrate: on }));
      },

      setTornadoCalibration(calibration) {
        if (calibration === 'rebalanced' || calibration === 'held') update(() => ({ tornadoCalibration: calibration }));
      },

      setSeed(seed) {
        if (Number.isSafeInteger(seed)) update(() => ({ seed }));
      },

      startMonteCarlo() {
        const session = get().session;
        if (!session) return;
        if (!deps.monteCarlo) return set({ lastError: 'Monte Carlo runs are not available here.' });
        const setup = session.setup;
        const built = monteCarloRequest(session);
        if (!built.ok) return set({ lastError: built.reason });
        const request = built.request;
        stopMonteCarlo();
        const token = monteCarloToken;
        const startedAt = deps.now();
        const mine = (): boolean => token === monteCarloToken && get().session?.setup === setup;
        update(() => ({ monteCarlo: { status: 'running', done: 0, total: request.runs, startedAt } }));
        set({ lastError: null });
        monteCarloHandle = deps.monteCarlo(request, {
          progress(done, total) {
            if (mine()) update(() => ({ monteCarlo: { status: 'running', done, total, startedAt } }));
          },
          done(result) {
            if (!mine()) return;
            monteCarloHandle = null;
            // The tornado shown first is the one computed as the sample was (the user can switch).
            update(() => ({ monteCarlo: { status: 'done', result, wallSeconds: (deps.now() - startedAt) / 1000 }, tornadoCalibration: request.recalibrate ? 'rebalanced' : 'held' }));
          },
          failed(message) {
            if (!mine()) return;
            monteCarloHandle = null;
            update(() => ({ monteCarlo: { status: 'failed', message } }));
          },
        });
      },

      cancelMonteCarlo() {
        const session = get().session;
        if (session?.monteCarlo.status !== 'running') return;
        const { done, total } = session.monteCarlo;
        stopMonteCarlo();
        update(() => ({ monteCarlo: { status: 'cancelled', done, total } }));
      },

      clearImportProblem() {
        set({ importProblem: null });
      },

      clearError() {
        set({ lastError: null });
      },

      close() {
        stopMonteCarlo();
        simulator.reset();
        set({ session: null, importProblem: null, lastError: null });
      },
    };
  });
}
