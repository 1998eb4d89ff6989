import type { CompiledProgram, ResolvedVariable } from '../compile/compile-program.ts';
import type { Assignment, LookupTable } from '../compile/ir.ts';
import { evaluateIr } from './evaluate-ir.ts';
import { isIntegratedStock } from './structure-links.ts';
import { irSize } from './ir-size.ts';

/**
 * The link scores of the Loops That Matter method (loop-dominance.ts gives the method and its
 * sources): for each link and interval of a run, how much of the change of its target comes from
 * its source, by re-evaluating the target's equations with only that source moved.
 */

/** A change of z below this many ulps of its size is rounding noise: z is taken as not changing. */
const NOISE = 64 * Number.EPSILON;

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

export interface Edge {
  readonly source: readonly number[];
  readonly target: Target;
}

/** Scores links of one model over consecutive intervals of a run (two memories at a time). */
export class LinkScorer {
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

