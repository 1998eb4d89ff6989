import type {
  BackendChoice,
  BatchRunner,
  CompileOptions,
  CompileResult,
  CompiledModel,
  IntrospectOptions,
  ModelStructure,
  OutputSeries,
  Parameter,
  RunOptions,
  SimOptions,
  RunResult,
  Sim,
  VariableInfo,
} from './api-types.ts';
import type { CompiledPhases } from './backends/backend.ts';
import { compileVm } from './backends/bytecode-vm.ts';
import { canGenerateCode, compileCodegen } from './backends/codegen.ts';
import { CompileFailure, compileProgram, type CompiledProgram } from './compile/compile-program.ts';
import { canonicalName, displayName } from './equation/canonical-name.ts';
import { ModelErrorSignal, modelError, type ModelError } from './errors.ts';
import { arithmeticWarnings, type RunFacts } from './sim/arithmetic-warnings.ts';
import { createBatchRunner, type InternalRunner } from './sim/batch-runner.ts';
import { NameIndex, RunOptionError } from './sim/parameter-index.ts';
import { Stepper } from './sim/run-state.ts';
import { Simulation } from './sim/simulation.ts';
import { introspectModel } from './structure/introspect-model.ts';
import type { ModelDocument } from './xmile/model-document.ts';
import { readXmile } from './xmile/read-xmile.ts';
import { looksLikeVensim, readVensim } from './vensim/read-vensim.ts';

/**
 * Reads, checks and compiles an XMILE model. Never throws for a bad model: every problem comes
 * back as a ModelError naming the file, the variable and the equation.
 */
export function compileModel(source: string, options: CompileOptions = {}): CompileResult {
  let document: ModelDocument;
  let readWarnings: readonly ModelError[] = [];
  try {
    if (looksLikeVensim(source, options.fileName)) {
      const read = readVensim(source, {
        ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
        ...(options.readFile ? { readFile: options.readFile } : {}),
        ...(options.workbooks ? { workbooks: options.workbooks } : {}),
        ...(options.dataSources ? { dataSources: options.dataSources } : {}),
      });
      if (!read.document) return { ok: false, errors: read.errors, warnings: read.warnings };
      document = read.document;
      readWarnings = read.warnings;
    } else document = readXmile(source, options.fileName);
  } catch (error) {
    return failure(error, options.fileName, []);
  }
  if (readWarnings.length > 0) {
    const result = compileDocumentWith(document, options);
    return result.ok ? { ...result, warnings: [...readWarnings, ...result.warnings] } : { ...result, warnings: [...readWarnings, ...result.warnings] };
  }
  if (options.method) document = { ...document, simSpecs: { ...document.simSpecs, method: options.method } };
  return compileDocument(document, options);
}

function compileDocumentWith(document: ModelDocument, options: CompileOptions): CompileResult {
  return compileDocument(document, options);
}

export function compileDocument(document: ModelDocument, options: CompileOptions = {}): CompileResult {
  let compiled: CompiledProgram;
  try {
    compiled = compileProgram(document);
  } catch (error) {
    if (error instanceof CompileFailure) return { ok: false, errors: error.errors, warnings: error.warnings };
    return failure(error, document.fileName, []);
  }
  let phases: CompiledPhases;
  try {
    phases = chooseBackend(options.backend ?? 'auto', compiled, options.codegenRun);
  } catch (error) {
    return failure(error, document.fileName, compiled.warnings);
  }
  const model = new Model(document, compiled, phases);
  return { ok: true, model, warnings: compiled.warnings };
}

function chooseBackend(choice: BackendChoice, compiled: CompiledProgram, run: CompileOptions['codegenRun']): CompiledPhases {
  const codegen = () => compileCodegen(compiled.program, run === undefined ? {} : { run });
  if (choice === 'vm') return compileVm(compiled.program);
  if (choice === 'codegen') return codegen();
  return canGenerateCode() ? codegen() : compileVm(compiled.program);
}

function failure(error: unknown, file: string | undefined, warnings: readonly ModelError[]): CompileResult {
  if (error instanceof ModelErrorSignal) {
    return { ok: false, errors: [{ ...(file === undefined ? {} : { file }), ...error.modelError }], warnings };
  }
  // An engine defect must still reach the user as a readable message, never as a raw TypeError.
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    errors: [modelError('structure', `the engine could not compile this model (internal problem: ${message})`, file === undefined ? {} : { file })],
    warnings,
  };
}

/**
 * Small results are cut from shared 64 KiB buffers, never reused: allocating an ArrayBuffer costs
 * about a microsecond whatever its size, as much as running a small model. A retained result
 * keeps its buffer alive, at most 64 KiB (results of more than 16 KiB get their own).
 */
const POOL_BYTES = 64 * 1024;
const POOLED_AT_MOST = 16 * 1024;
let pool: ArrayBuffer | undefined;
let poolUsed = 0;

function freshResultArray(length: number): Float64Array {
  const bytes = length * 8;
  if (bytes > POOLED_AT_MOST) return new Float64Array(length);
  // A transferred (detached) buffer has no bytes left.
  if (pool === undefined || pool.byteLength - poolUsed < bytes) {
    pool = new ArrayBuffer(POOL_BYTES);
    poolUsed = 0;
  }
  const array = new Float64Array(pool, poolUsed, length);
  poolUsed += bytes;
  return array;
}

/**
 * A run's results. Its warnings are worked out when first read: a healthy run, or one whose
 * warnings nobody reads (a Monte Carlo sweep, the bench), pays nothing for them.
 */
class RunOutcome implements RunResult {
  readonly time: Float64Array;
  readonly series: ReadonlyMap<string, Float64Array>;
  readonly outputs: readonly OutputSeries[];
  private readonly facts: () => RunFacts;
  private readonly values: Float64Array;
  private readonly seed: number;
  private warningsCache: readonly ModelError[] | undefined;

  constructor(time: Float64Array, series: ReadonlyMap<string, Float64Array>, outputs: readonly OutputSeries[], facts: () => RunFacts, values: Float64Array, seed: number) {
    this.time = time;
    this.series = series;
    this.outputs = outputs;
    this.facts = facts;
    this.values = values;
    this.seed = seed;
  }

  get warnings(): readonly ModelError[] {
    if (this.warningsCache === undefined) {
      const variableOf = new Map(this.outputs.map((output) => [output.id, output.variable]));
      this.warningsCache = arithmeticWarnings(this.facts(), { time: this.time, series: this.series, variableOf: (id) => variableOf.get(id) ?? id }, this.values, this.seed);
    }
    return this.warningsCache;
  }
}

/** The program behind each model this engine compiled, for structure analysis (loop dominance). */
const programs = new WeakMap<CompiledModel, CompiledProgram>();

export function compiledProgramOf(model: CompiledModel): CompiledProgram | undefined {
  return programs.get(model);
}

interface RunnerEntry {
  readonly runner: InternalRunner;
  readonly ids: readonly string[];
  readonly outputs: readonly OutputSeries[];
}

class Model implements CompiledModel {
  readonly fileName?: string;
  readonly specs: CompiledModel['specs'];
  readonly backend: 'codegen' | 'vm';
  readonly outputs: readonly OutputSeries[];
  readonly parameters: readonly Parameter[];
  readonly warnings: readonly ModelError[];
  private readonly stepper: Stepper;
  private readonly steppersByStop = new Map<number, Stepper>();
  private readonly compiled: CompiledProgram;
  private outputIndexCache: NameIndex | undefined;
  private parameterIndexCache: NameIndex | undefined;
  private parameterPositionCache: Map<number, number> | undefined;
  private variablesCache: readonly VariableInfo[] | undefined;
  private readonly runners = new Map<string, RunnerEntry>();
  private readonly runnersBySelection = new WeakMap<readonly string[], RunnerEntry>();
  private allOutputsRunner: RunnerEntry | undefined;
  private readonly defaults: Float64Array;
  private readonly saveTimes: Float64Array;
  private readonly document: ModelDocument;
  private structure: ModelStructure | undefined;

  constructor(document: ModelDocument, compiled: CompiledProgram, phases: CompiledPhases) {
    this.document = document;
    if (document.fileName !== undefined) this.fileName = document.fileName;
    this.specs = document.simSpecs;
    this.backend = phases.kind;
    this.compiled = compiled;
    programs.set(this, compiled);
    this.warnings = compiled.warnings;
    this.stepper = new Stepper(phases, compiled.program, document.simSpecs);
    this.defaults = Float64Array.from(compiled.program.parameters.map((parameter) => parameter.value));
    const { saveCount, saveEvery } = this.stepper.timeline;
    this.saveTimes = new Float64Array(saveCount);
    for (let row = 0; row < saveCount; row++) this.saveTimes[row] = document.simSpecs.start + row * saveEvery * document.simSpecs.dt;
    this.outputs = compiled.outputs.map((output) => {
      const definition = output.variable.scoped.definition;
      const kind = definition.kind === 'stock' || definition.kind === 'flow' ? definition.kind : 'aux';
      return { id: output.id, label: output.label, variable: output.variable.id, kind, ...(definition.units ? { units: definition.units } : {}) };
    });
    this.parameters = compiled.parameters.map((parameter) => ({
      id: parameter.id,
      label: parameter.label,
      value: parameter.value,
      ...(parameter.variable.scoped.definition.units ? { units: parameter.variable.scoped.definition.units } : {}),
    }));
  }

  // Name indexes and the variable list are made on first use: a model that is only run does not
  // pay for them at compile time.
  private get outputIndex(): NameIndex {
    return (this.outputIndexCache ??= new NameIndex(this.outputs));
  }

  private get parameterIndex(): NameIndex {
    return (this.parameterIndexCache ??= new NameIndex(this.parameters));
  }

  /** Position of each parameter in the program's parameter list (by slot). */
  private get parameterPosition(): Map<number, number> {
    if (!this.parameterPositionCache) {
      const bySlot = new Map(this.compiled.program.parameters.map((parameter, i) => [parameter.slot, i]));
      this.parameterPositionCache = new Map(this.compiled.parameters.map((parameter, i) => [i, bySlot.get(parameter.slot)!]));
    }
    return this.parameterPositionCache;
  }

  get variables(): readonly VariableInfo[] {
    this.variablesCache ??= this.compiled.variables.map((variable) => {
      const definition = variable.scoped.definition;
      return {
        id: variable.id,
        label: displayName(definition.name),
        kind: definition.kind,
        equation: definition.equation,
        dimensions: definition.dimensions,
        dependsOn: [...variable.dependsOn],
        inflows: definition.inflows.map((name) => variable.scoped.scope + canonicalName(name)),
        outflows: definition.outflows.map((name) => variable.scoped.scope + canonicalName(name)),
        isParameter: variable.parameterValue !== undefined,
        ...(variable.parameterValue === undefined ? {} : { value: variable.parameterValue }),
        ...(definition.units ? { units: definition.units } : {}),
        ...(definition.documentation ? { documentation: definition.documentation } : {}),
      };
    });
    return this.variablesCache;
  }

  /** Default parameter values in program order, with overrides applied. */
  private parameterValues(overrides: Readonly<Record<string, number>> | undefined): Float64Array {
    if (overrides === undefined) return this.defaults;
    const values = this.defaults.slice();
    for (const [name, value] of Object.entries(overrides ?? {})) {
      const index = this.parameterIndex.find(name);
      if (index === undefined) throw new RunOptionError(this.notAParameter(name, 'overridden'));
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new RunOptionError(`the value for "${name}" must be a finite number`);
      values[this.parameterPosition.get(index)!] = value;
    }
    return values;
  }

  /** Why `name` cannot be changed: not a constant, or a constant that shapes the program. */
  private notAParameter(name: string, verb: string): string {
    const output = this.outputIndex.find(name);
    const fixed = output === undefined ? undefined : this.compiled.fixedParameters.get(this.outputs[output]!.id);
    return fixed === undefined ? `"${name}" is not a constant of this model, so it cannot be ${verb}` : `"${name}" cannot be ${verb} without compiling the model again: ${fixed}`;
  }

  private outputSelection(ids: readonly string[] | undefined): number[] {
    if (!ids) return this.outputs.map((_, i) => i);
    return ids.map((id) => {
      const index = this.outputIndex.find(id);
      if (index === undefined) throw new RunOptionError(`the model has no variable "${id}"`);
      return index;
    });
  }

  /** One runner per output selection, made once: its generated loop and memory are reused. */
  private runnerFor(outputs: readonly string[] | undefined): RunnerEntry {
    const cached = outputs ? this.runnersBySelection.get(outputs) : this.allOutputsRunner;
    if (cached) return cached;
    const selection = this.outputSelection(outputs);
    const key = selection.join(',');
    let entry = this.runners.get(key);
    if (!entry) {
      const ids = selection.map((i) => this.outputs[i]!.id);
      const runner = createBatchRunner(
        this.stepper,
        this.defaults,
        this.compiled.program.parameters.map((_, i) => i),
        [],
        Int32Array.from(selection.map((i) => this.compiled.outputs[i]!.slot)),
        ids,
      );
      entry = { runner, ids, outputs: Object.freeze(selection.map((i) => this.outputs[i]!)) };
      this.runners.set(key, entry);
    }
    if (outputs) this.runnersBySelection.set(outputs, entry);
    else this.allOutputsRunner = entry;
    return entry;
  }

  run(options: RunOptions = {}): RunResult {
    const { runner, ids, outputs } = this.runnerFor(options.outputs);
    const { saveCount } = this.stepper.timeline;
    // One fresh array per run holds the times and every series; the run writes into it directly.
    const data = freshResultArray((ids.length + 1) * saveCount);
    data.set(this.saveTimes);
    const values = this.parameterValues(options.overrides);
    const seed = options.seed ?? 0;
    runner.runInto(values, seed, data, saveCount);
    const { buffer, byteOffset } = data;
    const rows = this.rowsBeforeStop(data, saveCount, ids);
    const series = new Map<string, Float64Array>();
    for (let k = 0; k < ids.length; k++) series.set(ids[k]!, new Float64Array(buffer, byteOffset + (k + 1) * saveCount * 8, rows));
    return new RunOutcome(new Float64Array(buffer, byteOffset, rows), series, outputs, () => this.runFacts(), values, seed);
  }

  private runFactsCache: RunFacts | undefined;

  /** What explaining a run's Infinity and NaN needs (arithmetic-warnings.ts). */
  private runFacts(): RunFacts {
    if (this.runFactsCache) return this.runFactsCache;
    const byId = new Map(this.compiled.variables.map((variable) => [variable.id, variable]));
    this.runFactsCache = {
      program: this.compiled.program,
      specs: this.specs,
      slotOwners: this.compiled.slotOwners,
      describe: (id) => {
        const variable = byId.get(id);
        return variable && { label: variable.label, equation: variable.scoped.definition.equation, dependsOn: variable.dependsOn };
      },
      ...(this.fileName === undefined ? {} : { file: this.fileName }),
    };
    return this.runFactsCache;
  }

  /**
   * Rows to keep: all, unless FINAL TIME is a variable (Vensim), when the run ends at the first
   * saved time that has reached it.
   */
  private rowsBeforeStop(data: Float64Array, saveCount: number, ids: readonly string[]): number {
    const stopVariable = this.specs.stopVariable;
    if (stopVariable === undefined) return saveCount;
    const column = ids.indexOf(canonicalName(stopVariable));
    if (column < 0) return saveCount;
    for (let row = 0; row < saveCount; row++) if (data[row]! >= data[(column + 1) * saveCount + row]!) return row + 1;
    return saveCount;
  }

  createSim(options: SimOptions = {}): Sim {
    return new Simulation({
      stepper: this.stepperUntil(options.stop),
      outputs: this.compiled.outputs.map((output, i) => ({ ...this.outputs[i]!, slot: output.slot })),
      parameterSlots: this.compiled.parameters.map((parameter) => ({ id: parameter.id, label: parameter.label, slot: parameter.slot })),
      parameterValues: this.parameterValues(options.overrides),
      seed: options.seed ?? 0,
    });
  }

  /** The stepper for a horizon other than the file's, made once per stop time. */
  private stepperUntil(stop: number | undefined): Stepper {
    if (stop === undefined || stop === this.specs.stop) return this.stepper;
    if (!Number.isFinite(stop) || stop <= this.specs.start) throw new RunOptionError(`the stop time must be a number after the start time ${this.specs.start}, not ${stop}`);
    let stepper = this.steppersByStop.get(stop);
    if (!stepper) {
      stepper = new Stepper(this.stepper.phases, this.compiled.program, { ...this.specs, stop });
      this.steppersByStop.set(stop, stepper);
    }
    return stepper;
  }

  introspect(options?: IntrospectOptions): ModelStructure {
    if (options === undefined && this.structure) return this.structure;
    const structure = introspectModel(
      {
        document: this.document,
        compiled: this.compiled,
        initialState: () => {
          const memory = this.stepper.createMemory();
          this.stepper.reset(memory, this.defaults, 0);
          this.stepper.phases.nets(memory);
          return memory.slice(0, this.compiled.program.slotCount);
        },
      },
      options,
    );
    if (options === undefined) this.structure = structure;
    return structure;
  }

  createBatch(options: { readonly parameters: readonly string[]; readonly outputs?: readonly string[] }): BatchRunner {
    const positions = options.parameters.map((name) => {
      const index = this.parameterIndex.find(name);
      if (index === undefined) throw new RunOptionError(this.notAParameter(name, 'varied'));
      return this.parameterPosition.get(index)!;
    });
    const selection = this.outputSelection(options.outputs);
    return createBatchRunner(
      this.stepper,
      this.parameterValues(undefined),
      positions,
      options.parameters,
      Int32Array.from(selection.map((i) => this.compiled.outputs[i]!.slot)),
      selection.map((i) => this.outputs[i]!.id),
    );
  }
}
