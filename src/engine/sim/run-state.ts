import type { CompiledPhases } from '../backends/backend.ts';
import { WRITTEN_SEED_SITE, seedState } from '../compile/runtime-functions.ts';
import { DT_SLOT, START_SLOT, STEP_SLOT, STOP_SLOT, TIME_SLOT, type Program } from '../compile/ir.ts';
import type { SimSpecs } from '../xmile/model-document.ts';

/** Step counts and save cadence derived once from the sim specs. */
export interface Timeline {
  readonly start: number;
  readonly dt: number;
  readonly stepCount: number;
  readonly saveEvery: number;
  readonly saveCount: number;
}

export function timelineOf(specs: SimSpecs): Timeline {
  const stepCount = Math.max(0, Math.round((specs.stop - specs.start) / specs.dt));
  const saveEvery = Math.max(1, Math.round(specs.saveStep / specs.dt));
  return { start: specs.start, dt: specs.dt, stepCount, saveEvery, saveCount: Math.floor(stepCount / saveEvery) + 1 };
}

/**
 * Everything a run needs besides its memory: the back end, the program and the timeline.
 * The stepping itself is shared by both back ends, so Euler and RK4 behave identically.
 */
export class Stepper {
  readonly phases: CompiledPhases;
  readonly program: Program;
  readonly specs: SimSpecs;
  readonly timeline: Timeline;
  private readonly stockSlots: Int32Array;
  private readonly netSlots: Int32Array;
  private readonly nonNegative: Uint8Array;
  private readonly rk4Scratch: Float64Array;

  constructor(phases: CompiledPhases, program: Program, specs: SimSpecs) {
    this.phases = phases;
    this.program = program;
    this.specs = specs;
    this.timeline = timelineOf(specs);
    this.stockSlots = Int32Array.from(program.stocks.map((stock) => stock.slot));
    this.netSlots = Int32Array.from(program.stocks.map((stock) => stock.netSlot));
    this.nonNegative = Uint8Array.from(program.stocks.map((stock) => (stock.nonNegative ? 1 : 0)));
    this.rk4Scratch = new Float64Array(program.stocks.length * 5);
  }

  /**
   * The back end's memory, then a copy of the random generator states as they were before the
   * current step's draws: a decision set mid-step recomputes the step with the same draws
   * (recompute), and snapshots carry the copy along.
   */
  createMemory(): Float64Array {
    return new Float64Array(this.phases.memorySize + this.program.randomStates.length);
  }

  private keepDrawStates(memory: Float64Array): void {
    const randomStates = this.program.randomStates;
    const base = this.phases.memorySize;
    for (let i = 0; i < randomStates.length; i++) memory[base + i] = memory[randomStates[i]!]!;
  }

  /** The current step again after a parameter changed: same random draws, new rates. */
  recompute(memory: Float64Array): void {
    const randomStates = this.program.randomStates;
    const base = this.phases.memorySize;
    for (let i = 0; i < randomStates.length; i++) memory[randomStates[i]!] = memory[base + i]!;
    this.phases.invariants(memory);
    this.phases.rates(memory);
  }

  /** Fills memory for the start time: reserved slots, parameters, generator states, initial values, rates. */
  reset(memory: Float64Array, parameterValues: ArrayLike<number>, seed: number): void {
    this.resetBeforeInitial(memory, parameterValues, seed);
    this.phases.initial(memory);
  }

  /** Everything `reset` does but the initial phase, which a whole run (WholeRun) computes itself. */
  resetBeforeInitial(memory: Float64Array, parameterValues: ArrayLike<number>, seed: number): void {
    memory.fill(0);
    this.phases.prepare(memory);
    memory[TIME_SLOT] = this.specs.start;
    memory[DT_SLOT] = this.specs.dt;
    memory[START_SLOT] = this.specs.start;
    memory[STOP_SLOT] = this.specs.stop;
    memory[STEP_SLOT] = 0;
    const parameters = this.program.parameters;
    for (let i = 0; i < parameters.length; i++) memory[parameters[i]!.slot] = parameterValues[i]!;
    // Call sites are numbered among the calls that follow the run's seed only, so adding a call
    // with its own seed leaves every other stream as it was.
    const { randomStates, randomSeeds } = this.program;
    let site = 0;
    for (let i = 0; i < randomStates.length; i++) {
      const written = randomSeeds[i];
      memory[randomStates[i]!] = written === null || written === undefined ? seedState(seed, site++) : seedState(written, WRITTEN_SEED_SITE);
    }
    this.keepDrawStates(memory);
  }

  /** Moves from step `step` (rates computed, values saved) to step + 1 and computes its rates. */
  advance(memory: Float64Array, step: number): void {
    this.phases.post(memory);
    if (this.specs.method === 'rk4') this.integrateRk4(memory, step);
    else this.phases.integrateEuler(memory);
    memory[STEP_SLOT] = step + 1;
    memory[TIME_SLOT] = this.timeline.start + (step + 1) * this.timeline.dt;
    this.keepDrawStates(memory);
    this.phases.rates(memory);
  }

  /** Classic fourth-order Runge-Kutta over the stocks; the rates phase is the derivative. */
  private integrateRk4(memory: Float64Array, step: number): void {
    const n = this.stockSlots.length;
    const scratch = this.rk4Scratch;
    const dt = this.timeline.dt;
    const t0 = this.timeline.start + step * dt;
    this.phases.nets(memory);
    for (let i = 0; i < n; i++) {
      scratch[i] = memory[this.stockSlots[i]!]!;
      scratch[n + i] = memory[this.netSlots[i]!]!;
    }
    const stage = (weight: number, source: number, target: number, time: number): void => {
      for (let i = 0; i < n; i++) memory[this.stockSlots[i]!] = scratch[i]! + weight * scratch[source * n + i]!;
      memory[TIME_SLOT] = time;
      this.phases.rates(memory);
      this.phases.nets(memory);
      for (let i = 0; i < n; i++) scratch[target * n + i] = memory[this.netSlots[i]!]!;
    };
    stage(dt / 2, 1, 2, t0 + dt / 2);
    stage(dt / 2, 2, 3, t0 + dt / 2);
    stage(dt, 3, 4, t0 + dt);
    for (let i = 0; i < n; i++) {
      const next = scratch[i]! + (dt / 6) * (scratch[n + i]! + 2 * scratch[2 * n + i]! + 2 * scratch[3 * n + i]! + scratch[4 * n + i]!);
      memory[this.stockSlots[i]!] = this.nonNegative[i] === 1 && next < 0 ? 0 : next;
    }
  }
}
