import type { OutputSeries, Sim, SimSnapshot } from '../api-types.ts';
import { STEP_SLOT } from '../compile/ir.ts';
import type { Stepper } from './run-state.ts';
import { NameIndex, RunOptionError } from './parameter-index.ts';

export interface SimulationSetup {
  readonly stepper: Stepper;
  readonly outputs: readonly (OutputSeries & { readonly slot: number })[];
  readonly parameterSlots: readonly { readonly id: string; readonly label: string; readonly slot: number }[];
  readonly parameterValues: Float64Array;
  readonly seed: number;
}

/**
 * The stepping simulation the game uses: run to the end of a round, change a decision, go on.
 * A value set between rounds takes effect at the current time: the rates of the current step
 * are recomputed, so the flows from now on already reflect the new decision.
 */
export class Simulation implements Sim {
  private readonly stepper: Stepper;
  private readonly setup: SimulationSetup;
  private readonly outputIndex: NameIndex;
  private readonly parameterIndex: NameIndex;
  private memory: Float64Array;
  private readonly saved: Float64Array[];
  private readonly times: Float64Array;
  private step = 0;

  constructor(setup: SimulationSetup) {
    this.setup = setup;
    this.stepper = setup.stepper;
    this.outputIndex = new NameIndex(setup.outputs);
    this.parameterIndex = new NameIndex(setup.parameterSlots);
    this.memory = this.stepper.createMemory();
    const count = this.stepper.timeline.saveCount;
    this.saved = setup.outputs.map(() => new Float64Array(count));
    this.times = new Float64Array(count);
    this.reset();
  }

  get specs() {
    return this.stepper.specs;
  }

  get time(): number {
    return this.stepper.timeline.start + this.step * this.stepper.timeline.dt;
  }

  reset(): void {
    this.stepper.reset(this.memory, this.setup.parameterValues, this.setup.seed);
    this.step = 0;
    this.save();
  }

  private save(): void {
    const timeline = this.stepper.timeline;
    if (this.step % timeline.saveEvery !== 0) return;
    const row = this.step / timeline.saveEvery;
    this.times[row] = this.time;
    const outputs = this.setup.outputs;
    for (let k = 0; k < outputs.length; k++) this.saved[k]![row] = this.memory[outputs[k]!.slot]!;
  }

  runTo(time: number): void {
    const timeline = this.stepper.timeline;
    const target = Math.min(timeline.stepCount, Math.round((time - timeline.start) / timeline.dt + 1e-9));
    while (this.step < target) {
      this.stepper.advance(this.memory, this.step);
      this.step++;
      this.save();
    }
  }

  runToEnd(): void {
    this.runTo(this.stepper.specs.stop);
  }

  setValue(id: string, value: number): void {
    if (!Number.isFinite(value)) throw new RunOptionError(`the value for "${id}" must be a finite number, not ${value}`);
    const index = this.parameterIndex.find(id);
    if (index === undefined) throw new RunOptionError(`"${id}" is not a constant of this model, so it cannot be set`);
    this.memory[this.setup.parameterSlots[index]!.slot] = value;
    this.stepper.recompute(this.memory);
    this.save();
  }

  getValue(id: string): number {
    const output = this.outputIndex.find(id);
    if (output === undefined) throw new RunOptionError(`the model has no variable "${id}"`);
    return this.memory[this.setup.outputs[output]!.slot]!;
  }

  getSeries(id: string): Float64Array {
    const output = this.outputIndex.find(id);
    if (output === undefined) throw new RunOptionError(`the model has no variable "${id}"`);
    return this.saved[output]!.slice(0, this.savedRows());
  }

  getTimes(): Float64Array {
    return this.times.slice(0, this.savedRows());
  }

  private savedRows(): number {
    return Math.floor(this.step / this.stepper.timeline.saveEvery) + 1;
  }

  snapshot(): SimSnapshot {
    return { step: this.step, memory: this.memory.slice() };
  }

  restore(snapshot: SimSnapshot): void {
    if (snapshot.memory.length !== this.memory.length || snapshot.memory[STEP_SLOT] !== snapshot.step) {
      throw new RunOptionError('this snapshot belongs to a different model');
    }
    this.memory = snapshot.memory.slice();
    this.step = snapshot.step;
    this.save();
  }
}
