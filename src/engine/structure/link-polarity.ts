import type { LinkPolarity } from '../api-types.ts';
import type { CompiledProgram, ResolvedVariable } from '../compile/compile-program.ts';
import { DT_SLOT, type Assignment } from '../compile/ir.ts';
import { evaluateIr } from './evaluate-ir.ts';
import { irSize } from './ir-size.ts';

/** The nodes one model variable's equations were lowered to, hidden ones included. */
interface OwnedNodes {
  /** Auxiliaries (the variable itself, SMTH inputs...) in evaluation order. */
  readonly rates: Assignment[];
  /** Net flows of its hidden stocks. */
  readonly nets: Assignment[];
  readonly stocks: { readonly slot: number; readonly netSlot: number }[];
  /** INIT, PREVIOUS and delay-start values: they take a new input one round late, like a stock. */
  readonly lagged: Assignment[];
  readonly written: number[];
  /** IR nodes evaluated per round in one memory: the unit of the work budget. */
  cost: number;
}

/** Relative size of the nudge: large enough to stand far above rounding noise, small enough to stay local. */
const NUDGE = 1e-4;
/** Changes below this many ulps of the values compared are rounding noise. */
const NOISE = 16 * Number.EPSILON;
const MAX_ROUNDS = 64;

/**
 * Measures the sign of a link's influence at one state (the start of the run): the target's
 * equation is evaluated with the source at its value, nudged up, and nudged down. A target that
 * reads the source through hidden stocks (SMTH1(x, 5) reads x through one) responds only after
 * those stocks move, so the hidden stocks take small Euler steps from their changed net flows,
 * round after round, until the target responds: the first response is the sign.
 */
export class LinkPolarityProbe {
  private readonly owned = new Map<string, OwnedNodes>();
  private readonly base: Float64Array;
  /** Unchanged, nudged up, nudged down. */
  private readonly memories: readonly [Float64Array, Float64Array, Float64Array];
  private readonly tables: CompiledProgram['program']['tables'];
  private budget: number;
  /** True once the work budget ran out and links were left '?'. */
  truncated = false;

  /** `base` is the memory at the start time. `budget` caps the IR nodes evaluated in all. */
  constructor(compiled: CompiledProgram, base: Float64Array, budget: number) {
    this.base = base;
    this.memories = [base.slice(), base.slice(), base.slice()];
    this.tables = compiled.program.tables;
    this.budget = budget;
    const { program, slotOwners } = compiled;
    const nodes = (owner: string): OwnedNodes => {
      let entry = this.owned.get(owner);
      if (!entry) {
        entry = { rates: [], nets: [], stocks: [], lagged: [], written: [], cost: 0 };
        this.owned.set(owner, entry);
      }
      return entry;
    };
    const ownerOf = (slot: number): string | undefined => slotOwners.get(slot);
    // Parameter-only auxiliaries come before the others in the order of evaluation.
    for (const assignment of [...program.invariants, ...program.rates]) {
      const owner = ownerOf(assignment.slot);
      if (owner !== undefined) nodes(owner).rates.push(assignment);
    }
    for (const assignment of program.nets) {
      const owner = ownerOf(assignment.slot);
      if (owner !== undefined) nodes(owner).nets.push(assignment);
    }
    for (const stock of program.stocks) {
      const owner = ownerOf(stock.slot);
      if (owner !== undefined) nodes(owner).stocks.push(stock);
    }
    const postBySlot = new Map(program.post.map((assignment) => [assignment.slot, assignment.ir]));
    for (const node of compiled.nodes) {
      const owner = ownerOf(node.slot);
      if (node.role !== 'initial-value' || owner === undefined) continue;
      nodes(owner).lagged.push({ slot: node.slot, ir: postBySlot.get(node.slot) ?? node.initial! });
    }
    for (const entry of this.owned.values()) {
      entry.written.push(...entry.rates.map((a) => a.slot), ...entry.nets.map((a) => a.slot), ...entry.stocks.map((s) => s.slot), ...entry.lagged.map((a) => a.slot));
      for (const assignment of [...entry.rates, ...entry.nets, ...entry.lagged]) entry.cost += irSize(assignment.ir);
      entry.cost += entry.stocks.length;
    }
  }

  /** Sign of ∂target/∂source at the start; '?' when the target does not respond or responds both ways. */
  measure(source: ResolvedVariable, target: ResolvedVariable): LinkPolarity {
    const owned = this.owned.get(target.id);
    if (!owned || source.size === 0 || target.size === 0 || owned.rates.length === 0) return '?';
    const rounds = Math.min(MAX_ROUNDS, 1 + owned.stocks.length + owned.lagged.length);
    const perRound = 3 * owned.cost + source.size;
    let verdict: LinkPolarity | undefined;
    this.nudge(source);
    for (let round = 0; round < rounds && verdict === undefined; round++) {
      if (this.budget < perRound) {
        this.truncated = true;
        break;
      }
      this.budget -= perRound;
      for (const memory of this.memories) this.evaluate(owned, memory);
      verdict = this.compare(target);
      if (verdict === undefined) for (const memory of this.memories) this.advance(owned, memory);
    }
    this.restore(source, owned);
    return verdict ?? '?';
  }

  private nudge(source: ResolvedVariable): void {
    let scale = 0;
    for (let i = 0; i < source.size; i++) scale = Math.max(scale, Math.abs(this.base[source.base + i]!));
    const delta = scale > 0 && Number.isFinite(scale) ? scale * NUDGE : NUDGE;
    const [, up, down] = this.memories;
    for (let i = 0; i < source.size; i++) {
      const slot = source.base + i;
      up[slot] = this.base[slot]! + delta;
      down[slot] = this.base[slot]! - delta;
    }
  }

  private evaluate(owned: OwnedNodes, memory: Float64Array): void {
    for (const assignment of owned.rates) memory[assignment.slot] = evaluateIr(assignment.ir, memory, this.tables);
    for (const assignment of owned.nets) memory[assignment.slot] = evaluateIr(assignment.ir, memory, this.tables);
  }

  /** One small Euler step of the hidden stocks by the change of their net flows from the unnudged memory's. */
  private advance(owned: OwnedNodes, memory: Float64Array): void {
    const dt = this.base[DT_SLOT]!;
    const reference = this.memories[0];
    for (const stock of owned.stocks) memory[stock.slot] = memory[stock.slot]! + dt * (memory[stock.netSlot]! - reference[stock.netSlot]!);
    for (const assignment of owned.lagged) memory[assignment.slot] = evaluateIr(assignment.ir, memory, this.tables);
  }

  /** undefined while no element of the target has responded yet. */
  private compare(target: ResolvedVariable): LinkPolarity | undefined {
    const [same, up, down] = this.memories;
    let rising = false;
    let falling = false;
    for (let i = 0; i < target.size; i++) {
      const slot = target.base + i;
      const sign = responseSign(up[slot]!, same[slot]!, down[slot]!);
      if (sign === 'both') return '?';
      if (sign === 1) rising = true;
      if (sign === -1) falling = true;
    }
    if (rising && falling) return '?';
    return rising ? '+' : falling ? '-' : undefined;
  }

  private restore(source: ResolvedVariable, owned: OwnedNodes): void {
    for (const memory of this.memories) {
      for (let i = 0; i < source.size; i++) memory[source.base + i] = this.base[source.base + i]!;
      for (const slot of owned.written) memory[slot] = this.base[slot]!;
    }
  }
}


/**
 * Sign of the response from the two one-sided differences: they agree, or one is flat (a kink
 * such as MAX(0, x) at zero); opposite signs mean an extremum ('both'); 0 means no response.
 */
function responseSign(up: number, same: number, down: number): 1 | -1 | 0 | 'both' {
  const noise = NOISE * Math.max(Math.abs(up), Math.abs(same), Math.abs(down));
  const side = (difference: number): number | undefined => (Number.isFinite(difference) ? (Math.abs(difference) > noise ? Math.sign(difference) : 0) : undefined);
  const above = side(up - same);
  const below = side(same - down);
  if (above === undefined && below === undefined) return 0;
  if (above === undefined) return below as 1 | -1 | 0;
  if (below === undefined) return above as 1 | -1 | 0;
  if (above === below) return above as 1 | -1 | 0;
  if (above === 0) return below as 1 | -1;
  if (below === 0) return above as 1 | -1;
  return 'both';
}
