import type { CompiledModel, FeedbackLoop, RunOptions } from '../api-types.ts';
import type { CompiledProgram, ResolvedVariable } from '../compile/compile-program.ts';
import type { Assignment, LookupTable } from '../compile/ir.ts';
import { evaluateIr } from './evaluate-ir.ts';
import { compiledProgramOf } from './model-internals.ts';
import { isIntegratedStock } from './structure-links.ts';
import { irSize } from './ir-size.ts';

/**
 * Loop dominance over a run by the Loops That Matter method (LTM: Schoenberg, Davidsen and
 * Eberlein, "Understanding model behavior using the Loops that Matter method", System Dynamics
 * Review 36(2), 2020; Eberlein and Schoenberg, "Finding the Loops that Matter", 2020; with the
 * flow-to-stock score as corrected in Schoenberg, Hayward and Eberlein, "Improving Loops that
 * Matter", System Dynamics Review 39(2), 2023).
 *
 * Why LTM rather than eigenvalue elasticity or pathway participation: it works on the model as
 * it runs, from the values a simulation computes plus one re-evaluation of an equation per link
 * and step, so it needs no linearisation and no eigenvalues and copes with the IF-THEN-ELSE
 * switches, lookups and MIN/MAX that business models are full of; it scores every loop of the
 * whole model (pathway participation looks at one stock at a time); and it gives a score per loop
 * per time step whose largest entry maps directly to phases on the charts ("from quarter 3 the
 * trust-erosion loop drives the behaviour").
 *
 * The scores, per interval [t, t + Δt] (reported at t; the last time repeats the last interval):
 * - Link x → z (z an auxiliary or a flow): |Δz_x / Δz| · sign(Δz_x / Δx), where Δz_x is the change
 *   of z caused by x alone: z's equation is evaluated with x at its new value and every other input
 *   at its old value. 0 when x or z does not change.
 * - Link flow → stock: the same score taken on the stock's net flow, |Δflow / Δnet flow| with the
 *   sign of the flow (+ inflow, − outflow). This is the 2023 form: the flow's share of the change
 *   of the net flow, so that splitting or merging flows changes nothing. (The 2020 paper used the
 *   flow's share of the net flow itself, flow / (inflows − outflows); the authors withdrew it.)
 * - Loop score: the product of its link scores; relative loop score: loop score / Σ |loop scores|
 *   over all the loops of the model, in [−1, 1], positive for a reinforcing, negative for a
 *   balancing effect.
 * - Phases: maximal intervals in which one loop has the largest |relative score|; a blip shorter
 *   than two points is merged into its neighbours.
 *
 * What is approximated:
 * - The hidden stocks of SMTH1/3/N, DELAY1/3/N, TREND and FORCST, and the one-step memory of
 *   PREVIOUS, are part of the link they sit on, not loop members of their own: the delay's inner
 *   balancing loops are not scored, and the change of z that comes from its hidden stocks moving
 *   is credited to z's inputs in proportion to their shares of the change of the delay's input,
 *   as if the delay were a pipe of gain one. A fixed DELAY (pipeline) is read as if its output
 *   followed its input at once, as the structure evaluator does.
 * - Random draws are taken at their expected value in the re-evaluations (the run itself keeps its
 *   draws): a noisy variable scores its systematic part.
 * - An arrayed variable is one node, as in the loop list: the changes of its elements are summed
 *   in absolute value.
 * - Scores are normalised over all the loops of the model together, not per cycle partition, so
 *   that one phase list describes the whole run.
 * - A long run is scored over groups of time steps (`stride`) to stay within a work budget; the
 *   finite-difference scores remain valid, only coarser.
 * - Loops are the ones `introspect()` lists; when that list was cut short, so is this analysis.
 */
export interface LoopDominanceOptions {
  readonly overrides?: RunOptions['overrides'];
  readonly seed?: number;
  /** Analyse the run up to this time; the stop time by default. A later time extends the run's horizon to it. */
  readonly stopAt?: number;
  /** Parameter changes made during the run, as a played game makes them: from `time` on, these values. */
  readonly changes?: readonly { readonly time: number; readonly values: Readonly<Record<string, number>> }[];
  /** At most this many scored intervals (default 4,000); a longer run is scored over groups of steps. */
  readonly maxIntervals?: number;
}

export interface LoopScores extends FeedbackLoop {
  /** Relative loop score at each of `times`, in [−1, 1]. */
  readonly relativeScore: Float64Array;
  /** Mean |relative score| over the run: the loop's share of all the behaviour. */
  readonly meanShare: number;
}

export interface DominancePhase {
  readonly from: number;
  readonly to: number;
  /** Id of the loop with the largest |relative score|; null while no loop acts (the model at rest or moved only from outside). */
  readonly dominant: string | null;
  /** The loop's polarity; for a loop of unknown polarity, the sign its scores had in the phase. */
  readonly polarity: 'R' | 'B' | null;
}

export interface LoopDominance {
  readonly times: Float64Array;
  readonly loops: readonly LoopScores[];
  readonly phases: readonly DominancePhase[];
  /** Time steps (dt) per scored interval: 1 unless the run was long. */
  readonly stride: number;
  /** True when introspect() stopped listing loops at its cap: the scores cover only the listed ones. */
  readonly loopsTruncated: boolean;
}

/** IR nodes evaluated in all (a fraction of a second); past it the run is scored over coarser intervals. */
const MAX_WORK = 20_000_000;
const DEFAULT_MAX_INTERVALS = 4000;
/** A phase shorter than this many points is a blip, merged into its neighbours. */
const MIN_PHASE_POINTS = 2;
/** A change of z below this many ulps of its size is rounding noise: z is taken as not changing. */
const NOISE = 64 * Number.EPSILON;

export function loopDominance(model: CompiledModel, options: LoopDominanceOptions = {}): LoopDominance {
  const compiled = compiledProgramOf(model);
  const structure = model.introspect();
  const analysis = new LinkScorer(compiled);
  const edges: Edge[] = [];
  const edgeIndex = new Map<string, number>();
  const loopEdges = structure.loops.map((loop) =>
    loop.variables.map((from, i) => {
      const to = loop.variables[(i + 1) % loop.variables.length]!;
      const key = `${from}>${to}`;
      let index = edgeIndex.get(key);
      if (index === undefined) {
        index = edges.length;
        edges.push(analysis.edge(from, to));
        edgeIndex.set(key, index);
      }
      return index;
    }),
  );

  const { start, dt } = model.specs;
  const stop = options.stopAt ?? model.specs.stop;
  const lastStep = Math.max(0, Math.round((stop - start) / dt + 1e-9));
  // Only a later stop changes the horizon: an earlier one ends the analysis, not the model's STOPTIME.
  const horizon = stop > model.specs.stop ? { stop } : {};
  const workPerInterval = Math.max(1, analysis.workPerInterval(edges));
  const stride = Math.max(
    1,
    Math.ceil(lastStep / Math.max(1, options.maxIntervals ?? DEFAULT_MAX_INTERVALS)),
    Math.ceil((lastStep * workPerInterval) / MAX_WORK),
  );
  const steps: number[] = [];
  for (let step = 0; step < lastStep; step += stride) steps.push(step);
  steps.push(lastStep);
  const n = steps.length;
  const times = Float64Array.from(steps, (step) => start + step * dt);

  const sim = model.createSim({ ...(options.overrides ? { overrides: options.overrides } : {}), ...(options.seed === undefined ? {} : { seed: options.seed }), ...horizon });
  const changes = [...(options.changes ?? [])]
    .map((change) => ({ step: Math.max(0, Math.round((change.time - start) / dt + 1e-9)), values: change.values }))
    .sort((a, b) => a.step - b.step);
  let nextChange = 0;
  const stepTo = (step: number): Float64Array => {
    while (nextChange < changes.length && changes[nextChange]!.step <= step) {
      const change = changes[nextChange++]!;
      sim.runTo(start + change.step * dt);
      for (const [id, value] of Object.entries(change.values)) sim.setValue(id, value);
    }
    sim.runTo(start + step * dt);
    return sim.snapshot().memory;
  };

  const linkScores = new Float64Array(edges.length);
  const logMagnitudes = new Float64Array(loopEdges.length);
  const signs = new Int8Array(loopEdges.length);
  const relative = loopEdges.map(() => new Float64Array(n));
  let before = stepTo(0);
  for (let i = 0; i + 1 < n; i++) {
    const after = stepTo(steps[i + 1]!);
    analysis.beginInterval(before, after);
    for (let e = 0; e < edges.length; e++) linkScores[e] = analysis.score(edges[e]!);
    let largest = -Infinity;
    for (let l = 0; l < loopEdges.length; l++) {
      let logMagnitude = 0;
      let sign = 1;
      for (const e of loopEdges[l]!) {
        const score = linkScores[e]!;
        if (score === 0 || !Number.isFinite(score)) {
          logMagnitude = -Infinity;
          break;
        }
        logMagnitude += Math.log(Math.abs(score));
        if (score < 0) sign = -sign;
      }
      logMagnitudes[l] = logMagnitude;
      signs[l] = sign;
      if (logMagnitude > largest) largest = logMagnitude;
    }
    // Relative scores in log space: a loop score can be huge at an inflection, the ratios are not.
    if (largest > -Infinity) {
      let total = 0;
      for (let l = 0; l < loopEdges.length; l++) total += Math.exp(logMagnitudes[l]! - largest);
      for (let l = 0; l < loopEdges.length; l++) relative[l]![i] = (signs[l]! * Math.exp(logMagnitudes[l]! - largest)) / total;
    }
    before = after;
  }
  // The last time has no interval after it: it keeps the scores of the interval before.
  if (n > 1) for (const scores of relative) scores[n - 1] = scores[n - 2]!;

  const loops: LoopScores[] = structure.loops.map((loop, l) => {
    const scores = relative[l]!;
    let share = 0;
    for (let i = 0; i < n; i++) share += Math.abs(scores[i]!);
    return { ...loop, relativeScore: scores, meanShare: n > 0 ? share / n : 0 };
  });
  return { times, loops, phases: dominancePhases(times, loops), stride, loopsTruncated: structure.loopsTruncated };
}

/**
 * Maximal runs of the same dominant loop (largest |relative score|), with runs shorter than
 * MIN_PHASE_POINTS merged away: into both neighbours when they agree, else into the longer one.
 * Phases are contiguous: each ends where the next begins, the last at the last time.
 */
export function dominancePhases(times: Float64Array, loops: readonly Pick<LoopScores, 'id' | 'polarity' | 'relativeScore'>[]): DominancePhase[] {
  const n = times.length;
  if (n === 0) return [];
  const runs: { loop: number; start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestMagnitude = 0;
    for (let l = 0; l < loops.length; l++) {
      const magnitude = Math.abs(loops[l]!.relativeScore[i]!);
      if (magnitude > bestMagnitude) {
        best = l;
        bestMagnitude = magnitude;
      }
    }
    const last = runs[runs.length - 1];
    if (last && last.loop === best) last.end = i + 1;
    else runs.push({ loop: best, start: i, end: i + 1 });
  }
  for (;;) {
    let shortest = -1;
    for (let r = 0; r < runs.length; r++) {
      const length = runs[r]!.end - runs[r]!.start;
      if (length < MIN_PHASE_POINTS && runs.length > 1 && (shortest < 0 || length < runs[shortest]!.end - runs[shortest]!.start)) shortest = r;
    }
    if (shortest < 0) break;
    const blip = runs[shortest]!;
    const previous = runs[shortest - 1];
    const next = runs[shortest + 1];
    if (previous && next && previous.loop === next.loop) {
      previous.end = next.end;
      runs.splice(shortest, 2);
    } else if (previous && (!next || previous.end - previous.start >= next.end - next.start)) {
      previous.end = blip.end;
      runs.splice(shortest, 1);
    } else {
      next!.start = blip.start;
      runs.splice(shortest, 1);
    }
  }
  return runs.map((run, r) => {
    const to = r + 1 < runs.length ? times[runs[r + 1]!.start]! : times[n - 1]!;
    if (run.loop < 0) return { from: times[run.start]!, to, dominant: null, polarity: null };
    const loop = loops[run.loop]!;
    let sum = 0;
    for (let i = run.start; i < run.end; i++) sum += loop.relativeScore[i]!;
    const polarity = loop.polarity === '?' ? (sum >= 0 ? 'R' : 'B') : loop.polarity;
    return { from: times[run.start]!, to, dominant: loop.id, polarity };
  });
}

// ---------------------------------------------------------------------------------------------

/** What a link's target is recomputed from. */
interface Target {
  /** The scored quantity: the variable's own slots, or an integrated stock's net-flow slots. */
  readonly slots: readonly number[];
  /** Evaluated in order to recompute it: the variable's own and hidden auxiliaries and hidden net flows; a stock's net flows. */
  readonly assignments: readonly Assignment[];
  /** PREVIOUS and delay-start inputs: part of the "input side" of hidden structure, evaluated aside. */
  readonly lagged: readonly Assignment[];
  /** Net-flow slots of hidden stocks: the rest of the input side. */
  readonly hiddenNets: readonly number[];
  /** Hidden stocks and lagged slots: held at their old values to tell the inputs' direct effect from theirs. */
  readonly hiddenState: readonly number[];
  readonly written: readonly number[];
  /** A stock's net flow is not kept in memory after a step: its change is recomputed. */
  readonly isStockNet: boolean;
  readonly cost: number;
  // Per interval: values before (re-evaluated), after, and with all inputs new but hidden stocks old.
  readonly base: Float64Array;
  readonly change: Float64Array;
  readonly allInputs: Float64Array;
  readonly side: Float64Array;
  readonly sideAll: Float64Array;
  readonly scratch: Float64Array;
  readonly scratchSide: Float64Array;
  prepared: number;
  changeSize: number;
  changeScale: number;
}

interface Edge {
  readonly source: readonly number[];
  readonly target: Target;
}

/** Scores links of one model over consecutive intervals of a run (two memories at a time). */
class LinkScorer {
  private readonly compiled: CompiledProgram;
  private readonly tables: readonly LookupTable[];
  private readonly byId: Map<string, ResolvedVariable>;
  private readonly targets = new Map<string, Target>();
  private readonly owned = new Map<string, { rates: Assignment[]; nets: Assignment[]; stocks: number[]; lagged: Assignment[] }>();
  private before: Float64Array = new Float64Array(0);
  private after: Float64Array = new Float64Array(0);
  private workBefore: Float64Array = new Float64Array(0);
  private workAfter: Float64Array = new Float64Array(0);
  private interval = 0;

  constructor(compiled: CompiledProgram) {
    this.compiled = compiled;
    this.tables = compiled.program.tables;
    this.byId = new Map(compiled.variables.map((variable) => [variable.id, variable]));
    const { program, slotOwners } = compiled;
    const nodes = (slot: number) => {
      const owner = slotOwners.get(slot);
      if (owner === undefined) return undefined;
      let entry = this.owned.get(owner);
      if (!entry) {
        entry = { rates: [], nets: [], stocks: [], lagged: [] };
        this.owned.set(owner, entry);
      }
      return entry;
    };
    for (const assignment of [...program.invariants, ...program.rates]) nodes(assignment.slot)?.rates.push(assignment);
    for (const assignment of program.nets) nodes(assignment.slot)?.nets.push(assignment);
    for (const stock of program.stocks) nodes(stock.slot)?.stocks.push(stock.slot);
    const postBySlot = new Map(program.post.map((assignment) => [assignment.slot, assignment.ir]));
    for (const node of compiled.nodes) {
      if (node.role !== 'initial-value') continue;
      nodes(node.slot)?.lagged.push({ slot: node.slot, ir: postBySlot.get(node.slot) ?? node.initial! });
    }
  }

  /** The link from → to in the direction of influence (a flow into or out of a stock: flow → stock). */
  edge(from: string, to: string): Edge {
    const source = this.byId.get(from);
    if (!source) throw new Error(`loop dominance: unknown variable "${from}"`);
    const slots: number[] = [];
    for (let i = 0; i < source.size; i++) slots.push(source.base + i);
    return { source: slots, target: this.target(to) };
  }

  private target(id: string): Target {
    const cached = this.targets.get(id);
    if (cached) return cached;
    const variable = this.byId.get(id);
    if (!variable) throw new Error(`loop dominance: unknown variable "${id}"`);
    const owned = this.owned.get(id) ?? { rates: [], nets: [], stocks: [], lagged: [] };
    let slots: number[];
    let assignments: Assignment[];
    let lagged: Assignment[] = [];
    let hiddenNets: number[] = [];
    let hiddenState: number[] = [];
    const isStockNet = isIntegratedStock(variable);
    if (isStockNet) {
      const own = new Set(Array.from({ length: variable.size }, (_, i) => variable.base + i));
      const netSlots = new Set(this.compiled.program.stocks.filter((stock) => own.has(stock.slot)).map((stock) => stock.netSlot));
      assignments = owned.nets.filter((assignment) => netSlots.has(assignment.slot));
      slots = assignments.map((assignment) => assignment.slot);
    } else {
      slots = Array.from({ length: variable.size }, (_, i) => variable.base + i);
      assignments = [...owned.rates, ...owned.nets];
      lagged = owned.lagged;
      hiddenNets = owned.nets.map((assignment) => assignment.slot);
      hiddenState = [...owned.stocks, ...lagged.map((assignment) => assignment.slot)];
    }
    const written = assignments.map((assignment) => assignment.slot);
    let cost = 0;
    for (const assignment of [...assignments, ...lagged]) cost += irSize(assignment.ir);
    const sideSize = hiddenNets.length + lagged.length;
    const target: Target = {
      slots,
      assignments,
      lagged,
      hiddenNets,
      hiddenState,
      written,
      isStockNet,
      cost,
      base: new Float64Array(slots.length),
      change: new Float64Array(slots.length),
      allInputs: new Float64Array(slots.length),
      side: new Float64Array(sideSize),
      sideAll: new Float64Array(sideSize),
      scratch: new Float64Array(slots.length),
      scratchSide: new Float64Array(sideSize),
      prepared: -1,
      changeSize: 0,
      changeScale: 0,
    };
    this.targets.set(id, target);
    return target;
  }

  /** IR nodes evaluated per interval, for the work budget. */
  workPerInterval(edges: readonly Edge[]): number {
    const targets = new Set(edges.map((edge) => edge.target));
    let work = 0;
    for (const target of targets) work += target.cost * (1 + (target.isStockNet || target.hiddenState.length > 0 ? 1 : 0));
    for (const edge of edges) work += edge.target.cost;
    return work;
  }

  beginInterval(before: Float64Array, after: Float64Array): void {
    this.before = before;
    this.after = after;
    if (this.workBefore.length !== before.length) {
      this.workBefore = new Float64Array(before.length);
      this.workAfter = new Float64Array(after.length);
    }
    this.workBefore.set(before);
    this.workAfter.set(after);
    this.interval++;
  }

  /** The link score of one edge over the current interval. */
  score(edge: Edge): number {
    const target = edge.target;
    this.prepare(target);
    if (target.changeSize <= NOISE * target.changeScale || target.changeSize === 0) return 0;
    let sourceChange = 0;
    for (const slot of edge.source) sourceChange += this.after[slot]! - this.before[slot]!;
    if (sourceChange === 0) return 0;

    // z with this source new and everything else old.
    const work = this.workBefore;
    for (const slot of edge.source) work[slot] = this.after[slot]!;
    this.evaluate(target, work, target.scratch, target.scratchSide);
    for (const slot of edge.source) work[slot] = this.before[slot]!;
    for (const slot of target.written) work[slot] = this.before[slot]!;

    let direct = 0;
    let directSize = 0;
    for (let e = 0; e < target.slots.length; e++) {
      const partial = target.scratch[e]! - target.base[e]!;
      direct += partial;
      directSize += Math.abs(partial);
    }
    let score = directSize === 0 ? 0 : directSize * Math.sign(direct * sourceChange);
    if (target.side.length > 0) {
      // What the hidden stocks' own movement changed in z, credited by this input's share of the change of the delay's input.
      let hiddenSize = 0;
      for (let e = 0; e < target.slots.length; e++) hiddenSize += Math.abs(target.change[e]! - (target.allInputs[e]! - target.base[e]!));
      let mine = 0;
      let all = 0;
      for (let k = 0; k < target.side.length; k++) {
        mine += target.scratchSide[k]! - target.side[k]!;
        all += target.sideAll[k]! - target.side[k]!;
      }
      if (hiddenSize > 0 && all !== 0 && mine !== 0) score += Math.abs(mine / all) * hiddenSize * Math.sign(mine * sourceChange);
    }
    return score / target.changeSize;
  }

  /** Once per target and interval: its value re-evaluated before, its change, and (with hidden stocks) all inputs new. */
  private prepare(target: Target): void {
    if (target.prepared === this.interval) return;
    target.prepared = this.interval;
    const before = this.workBefore;
    this.evaluate(target, before, target.base, target.side);
    for (const slot of target.written) before[slot] = this.before[slot]!;
    let size = 0;
    let scale = 0;
    if (target.isStockNet) {
      const after = this.workAfter;
      this.evaluate(target, after, target.allInputs, target.sideAll);
      for (const slot of target.written) after[slot] = this.after[slot]!;
      for (let e = 0; e < target.slots.length; e++) target.change[e] = target.allInputs[e]! - target.base[e]!;
      for (let e = 0; e < target.slots.length; e++) scale += Math.max(Math.abs(target.allInputs[e]!), Math.abs(target.base[e]!));
    } else {
      for (let e = 0; e < target.slots.length; e++) {
        const slot = target.slots[e]!;
        target.change[e] = this.after[slot]! - this.before[slot]!;
        scale += Math.max(Math.abs(this.after[slot]!), Math.abs(this.before[slot]!));
      }
      if (target.hiddenState.length > 0) {
        const after = this.workAfter;
        for (const slot of target.hiddenState) after[slot] = this.before[slot]!;
        this.evaluate(target, after, target.allInputs, target.sideAll);
        for (const slot of target.hiddenState) after[slot] = this.after[slot]!;
        for (const slot of target.written) after[slot] = this.after[slot]!;
      }
    }
    for (let e = 0; e < target.slots.length; e++) size += Math.abs(target.change[e]!);
    target.changeSize = size;
    target.changeScale = scale;
  }

  /** Recomputes the target in `memory` (which it leaves changed in `written`); reads its values and input side. */
  private evaluate(target: Target, memory: Float64Array, values: Float64Array, side: Float64Array): void {
    for (const assignment of target.assignments) memory[assignment.slot] = evaluateIr(assignment.ir, memory, this.tables);
    for (let e = 0; e < target.slots.length; e++) values[e] = memory[target.slots[e]!]!;
    let k = 0;
    for (const slot of target.hiddenNets) side[k++] = memory[slot]!;
    for (const assignment of target.lagged) side[k++] = evaluateIr(assignment.ir, memory, this.tables);
  }
}

