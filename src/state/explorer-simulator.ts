/**
 * The page's side of re-simulation: a case's calibration cached per set of constants, and a
 * branch from a played game replayed once through the rules' RoundRunner and snapshotted at the
 * branching round, so a slider move only restores that state and runs the rest of the horizon.
 */
import type { Sim, SimSnapshot } from '../engine/index.ts';
import { RoundRunner, calibrate, type GameState, type Scenario } from '../rules/index.ts';
import { runPlan, seriesOf, toParameterIds, type Calibrate, type PlanRun } from './explorer-run.ts';
import { planOf, scheduledEvents, type ExplorerEvent, type ExplorerSetup } from './explorer-setup.ts';

export interface ExplorerSimulator {
  /** The case's calibration (cached), or null for a model of one's own. */
  calibrateFor(setup: ExplorerSetup): Calibrate | null;
  /** Every series of the run the sliders and events describe. */
  simulate(setup: ExplorerSetup, values: Readonly<Record<string, number>>, events: readonly ExplorerEvent[]): PlanRun;
  /** A played game as it was played, on the same horizon. */
  asPlayed(setup: ExplorerSetup, scenario: Scenario, state: GameState): PlanRun;
  /** Forget the snapshot of a game's earlier rounds. */
  reset(): void;
}

const CALIBRATIONS_KEPT = 64;

export function createExplorerSimulator(): ExplorerSimulator {
  const calibrations = new WeakMap<Scenario, Map<string, Record<string, number>>>();
  const outputIdsOf = new WeakMap<ExplorerSetup, string[]>();
  let prefix: { setup: ExplorerSetup; key: string; sim: Sim; snapshot: SimSnapshot } | null = null;

  const calibrateFor = (setup: ExplorerSetup): Calibrate | null => {
    const scenario = setup.scenario;
    if (!scenario) return null;
    return (parameters) => {
      let cache = calibrations.get(scenario);
      if (!cache) calibrations.set(scenario, (cache = new Map()));
      const key = JSON.stringify(parameters);
      let constants = cache.get(key);
      if (!constants) {
        constants = calibrate(scenario, parameters);
        if (cache.size >= CALIBRATIONS_KEPT) cache.clear();
        cache.set(key, constants);
      }
      return constants;
    };
  };

  const outputIds = (setup: ExplorerSetup): string[] => {
    let ids = outputIdsOf.get(setup);
    if (!ids) outputIdsOf.set(setup, (ids = setup.model.outputs.map((output) => output.id)));
    return ids;
  };

  return {
    calibrateFor,

    simulate(setup, values, events) {
      const plan = planOf(setup, values, events);
      const game = setup.game;
      if (!game || !setup.scenario) return runPlan(setup.model, calibrateFor(setup), plan);
      const key = JSON.stringify([plan.parameters, plan.fixed]);
      if (!prefix || prefix.setup !== setup || prefix.key !== key) {
        const scheduled = scheduledEvents(events);
        const runner = new RoundRunner(setup.scenario, calibrateFor(setup)!(plan.parameters), scheduled.events, scheduled.exit, { rounds: game.state.settings.rounds, deals: game.state.deals });
        for (const outcome of game.state.history.slice(0, game.fromRound - 1)) runner.play(outcome.decisions);
        runner.sim.runTo(plan.decisionsAt!);
        prefix = { setup, key, sim: runner.sim, snapshot: runner.sim.snapshot() };
      } else {
        prefix.sim.restore(prefix.snapshot);
      }
      for (const [name, value] of Object.entries(plan.decisions)) prefix.sim.setValue(name, value);
      prefix.sim.runTo(plan.stopTime!);
      return seriesOf(prefix.sim, outputIds(setup));
    },

    asPlayed(setup, scenario, state) {
      const constants = calibrateFor(setup)!(toParameterIds(scenario.model, state.settings.constants ?? {}));
      const runner = new RoundRunner(scenario, constants, state.events, state.exit, { rounds: state.settings.rounds, deals: state.deals });
      for (const outcome of state.history) runner.play(outcome.decisions);
      return seriesOf(runner.sim, outputIds(setup));
    },

    reset() {
      prefix = null;
    },
  };
}
