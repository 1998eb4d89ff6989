import { DT_SLOT, type Assignment, type Ir } from './ir.ts';
import type { ScalarNode } from './order-nodes.ts';

/**
 * Conveyors (XMILE 1.0 §4.2.1, as Stella computes them: isee's "Computational Details", and the
 * per-DT algorithm Simlin's docs/design/conveyors.md transcribes from it). The belt holds one slat
 * per DT of transit time, slat 0 at the exit. Each step, from the start-of-step belt:
 *
 *  1. every leakage takes its share from the slats in its zone (linear: the leak fraction of the
 *     volume each cohort entered with, spread evenly over the zone's slats; exponential: that
 *     fraction per time unit of what the slat holds), the first leakage listed first;
 *  2. what is left in slat 0 leaves as the outflow;
 *  3. inflows are admitted in the order listed, up to the room under the capacity and the inflow
 *     limit (what a conveyor upstream delivers always gets on);
 *  4. every slat moves one place toward the exit and what was admitted lands on the last.
 *
 * Steps 1-3 are auxiliaries of the rates phase (the flows report exactly what moves); step 4 is a
 * set of assignments after each step, like PREVIOUS's. The conveyor's value is the belt's total.
 * A transit time known when compiling fixes the belt's length.
 */
export interface ConveyorBuild {
  /** Slats on the belt: round(transit time / DT), at least 1. */
  readonly slats: number;
  readonly exponential: boolean;
  /** Initial contents (the stock's <eqn>), spread over the belt as a steady stream would fill it. */
  readonly initial: Ir;
  readonly capacity?: Ir;
  readonly inflowLimit?: Ir;
  /** Leakages in the order the stock lists them: their fraction and zone. */
  readonly leaks: readonly { readonly fraction: Ir; readonly start: number; readonly end: number; readonly slot: number }[];
  /** Inflows in the order listed: an equation's request (admitted as room allows) or what an upstream conveyor delivers. */
  readonly inflows: readonly ({ readonly kind: 'request'; readonly request: Ir; readonly slot: number } | { readonly kind: 'delivered'; readonly rate: Ir })[];
  /** Slots of the primary outflow and of the conveyor's own value. */
  readonly outflowSlot: number;
  readonly valueSlot: number;
  readonly owner: string;
}

export interface ConveyorHost {
  allocate(count: number): number;
  addNode(node: ScalarNode): void;
  addPostAssignment(assignment: Assignment): void;
  stable(ir: Ir, owner: string): Ir;
  fold(values: readonly Ir[], combine: (a: Ir, b: Ir) => Ir, owner: string): Ir;
}

const zero: Ir = { k: 'const', v: 0 };
const one: Ir = { k: 'const', v: 1 };
const dt: Ir = { k: 'slot', s: DT_SLOT };
const add = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '+', a, b });
const sub = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '-', a, b });
const mul = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '*', a, b });
const div = (a: Ir, b: Ir): Ir => ({ k: 'bin', op: '/', a, b });
const min = (a: Ir, b: Ir): Ir => ({ k: 'fn', fn: 'min', args: [a, b] });
/** x where x > 0, else 0: NaN counts as 0 (Math.max would keep it). `x` is read twice: pass a slot or a constant. */
const positive = (x: Ir): Ir => ({ k: 'if', c: { k: 'bin', op: '>', a: x, b: zero }, t: x, e: zero });

export function lowerConveyor(host: ConveyorHost, build: ConveyorBuild): void {
  const { slats, owner } = build;
  const stable = (ir: Ir): Ir => host.stable(ir, owner);
  /** A value computed once, at the start. */
  const atStartSlot = (ir: Ir): Ir => {
    if (ir.k === 'const' || ir.k === 'slot') return ir;
    const slot = host.allocate(1);
    host.addNode({ slot, role: 'initial-value', initial: ir, owner });
    return { k: 'slot', s: slot };
  };
  /** A limit: Infinity where it is NaN (no limit), 0 where negative. */
  const limit = (x: Ir): Ir => {
    const value = stable(x);
    return { k: 'if', c: { k: 'bin', op: '!=', a: value, b: value }, t: { k: 'const', v: Infinity }, e: positive(value) };
  };
  const aux = (ir: Ir): Ir => {
    const slot = host.allocate(1);
    host.addNode({ slot, role: 'aux', rate: ir, owner });
    return { k: 'slot', s: slot };
  };
  // Zones: slat i (0 = exit) is in a leakage's zone when its centre, measured from the entry, lies in [start, end].
  const inZone = build.leaks.map((leak) => Array.from({ length: slats }, (_, i) => {
    const fromEntry = 1 - (i + 0.5) / slats;
    return fromEntry >= leak.start && fromEntry <= leak.end;
  }));
  const zoneSlats = inZone.map((zone) => zone.filter(Boolean).length);
  const linear = !build.exponential;
  // Linear leak fractions hold in [0, 1], exponential rates are at least 0; NaN leaks nothing.
  const fractions = build.leaks.map((leak) => {
    const value = stable(leak.fraction);
    return stable(linear ? min(positive(value), one) : positive(value));
  });

  // --- The belt: a content slot per slat and, for linear leakage, each cohort's basis per leakage.
  const contentBase = host.allocate(slats);
  const content = (i: number): Ir => ({ k: 'slot', s: contentBase + i });
  const basisBase = linear ? build.leaks.map(() => host.allocate(slats)) : [];
  const basis = (k: number, i: number): Ir => ({ k: 'slot', s: basisBase[k]! + i });

  // --- Start: a steady stream's profile scaled to the initial contents (conveyors.md §7.1).
  const atStart = retainedAtZoneStart(fractions, inZone, zoneSlats, linear, atStartSlot);
  const unitBasis = build.leaks.map((_, k) => (zoneSlats[k] === 0 ? zero : div(atStart[k]!, { k: 'const', v: zoneSlats[k]! })));
  const profile: Ir[] = new Array<Ir>(slats);
  profile[slats - 1] = one;
  for (let i = slats - 1; i > 0; i--) {
    let shed: Ir = zero;
    build.leaks.forEach((_, k) => {
      if (!inZone[k]![i]) return;
      shed = add(shed, linear ? mul(fractions[k]!, unitBasis[k]!) : mul(mul(profile[i]!, fractions[k]!), dt));
    });
    profile[i - 1] = shed === zero ? profile[i]! : atStartSlot(positive(atStartSlot(sub(profile[i]!, shed))));
  }
  const profileSum = host.fold(profile, add, owner);
  const scaleSlot = host.allocate(1);
  host.addNode({ slot: scaleSlot, role: 'initial-value', initial: { k: 'fn', fn: 'safediv', args: [build.initial, profileSum, zero] }, owner });
  const scale: Ir = { k: 'slot', s: scaleSlot };
  for (let i = 0; i < slats; i++) {
    host.addNode({ slot: contentBase + i, role: 'initial-value', initial: mul(scale, profile[i]!), owner });
    build.leaks.forEach((_, k) => {
      if (linear) host.addNode({ slot: basisBase[k]! + i, role: 'initial-value', initial: mul(scale, unitBasis[k]!), owner });
    });
  }

  // --- Step 1: leakage from each slat, in the order the leakages are listed.
  const leaked: Ir[][] = build.leaks.map(() => []);
  const after: Ir[] = [];
  for (let i = 0; i < slats; i++) {
    let remaining: Ir = content(i);
    if (linear) {
      build.leaks.forEach((_, k) => {
        if (!inZone[k]![i]) return;
        const amount = aux(min(mul(fractions[k]!, basis(k, i)), positive(remaining)));
        leaked[k]!.push(amount);
        remaining = stable(sub(remaining, amount));
      });
    } else {
      // Exponential leakages all draw on the slat's start-of-step content; if together they would
      // take more than it holds, each is scaled down alike.
      const held = positive(content(i));
      const wanted = build.leaks.map((_, k) => (inZone[k]![i] ? stable(mul(mul(held, fractions[k]!), dt)) : undefined));
      const total = wanted.reduce<Ir | undefined>((sum, each) => (each === undefined ? sum : sum === undefined ? each : add(sum, each)), undefined);
      if (total !== undefined) {
        const totalSlot = stable(total);
        const factor = stable({ k: 'if', c: { k: 'bin', op: '>', a: totalSlot, b: held }, t: { k: 'fn', fn: 'safediv', args: [held, totalSlot, zero] }, e: one });
        wanted.forEach((each, k) => {
          if (each === undefined) return;
          const amount = aux(mul(each, factor));
          leaked[k]!.push(amount);
          remaining = sub(remaining, amount);
        });
      }
    }
    after.push(remaining.k === 'slot' ? remaining : aux(remaining));
  }
  build.leaks.forEach((leak, k) => {
    const total = leaked[k]!.length === 0 ? zero : host.fold(leaked[k]!, add, owner);
    host.addNode({ slot: leak.slot, role: 'aux', rate: div(total, dt), owner });
  });

  // --- Step 2: what is left at the exit leaves.
  host.addNode({ slot: build.outflowSlot, role: 'aux', rate: div(after[0]!, dt), owner });

  // --- Step 3: admission, in the order the inflows are listed.
  const delivered = build.inflows.flatMap((inflow) => (inflow.kind === 'delivered' ? [mul(inflow.rate, dt)] : []));
  const deliveredVolume = delivered.length === 0 ? zero : stable(host.fold(delivered, add, owner));
  const staying = slats === 1 ? zero : stable(host.fold(after.slice(1), add, owner));
  let room: Ir | undefined = build.capacity === undefined ? undefined : stable(positive(stable(sub(sub(limit(build.capacity), staying), deliveredVolume))));
  let budget: Ir | undefined = build.inflowLimit === undefined ? undefined : stable(mul(limit(build.inflowLimit), dt));
  let admitted: Ir = deliveredVolume;
  for (const inflow of build.inflows) {
    if (inflow.kind !== 'request') continue;
    let volume: Ir = mul(positive(stable(inflow.request)), dt);
    if (room !== undefined) volume = min(volume, room);
    if (budget !== undefined) volume = min(volume, budget);
    const volumeSlot = stable(volume);
    host.addNode({ slot: inflow.slot, role: 'aux', rate: div(volumeSlot, dt), owner });
    if (room !== undefined) room = stable(sub(room, volumeSlot));
    if (budget !== undefined) budget = stable(sub(budget, volumeSlot));
    admitted = admitted === zero ? volumeSlot : add(admitted, volumeSlot);
  }
  const admittedSlot = stable(admitted);

  // --- Step 4, after the step: the belt moves on and the admitted material lands at the entry.
  const landing = linear ? retainedAtZoneStart(fractions, inZone, zoneSlats, linear, stable) : [];
  for (let i = 0; i < slats - 1; i++) host.addPostAssignment({ slot: contentBase + i, ir: after[i + 1]! });
  host.addPostAssignment({ slot: contentBase + slats - 1, ir: admittedSlot });
  if (linear) {
    build.leaks.forEach((_, k) => {
      for (let i = 0; i < slats - 1; i++) host.addPostAssignment({ slot: basisBase[k]! + i, ir: basis(k, i + 1) });
      const entering: Ir = zoneSlats[k] === 0 ? zero : div(mul(admittedSlot, landing[k]!), { k: 'const', v: zoneSlats[k]! });
      host.addPostAssignment({ slot: basisBase[k]! + slats - 1, ir: entering });
    });
  }

  // The conveyor's value: what is on the belt.
  host.addNode({ slot: build.valueSlot, role: 'aux', rate: host.fold(Array.from({ length: slats }, (_, i) => content(i)), add, owner), owner });
}

/**
 * For each linear leakage, the part of a unit of material still on the belt when it reaches the
 * leakage's zone, with the current fractions (isee: a later zone's fraction applies to what is
 * left there; 1 when no other leakage acts before its zone).
 */
function retainedAtZoneStart(fractions: readonly Ir[], inZone: readonly boolean[][], zoneSlats: readonly number[], linear: boolean, keep: (ir: Ir) => Ir): Ir[] {
  const slats = inZone[0]?.length ?? 0;
  const firstSlat = inZone.map((zone) => zone.lastIndexOf(true));
  const retained: Ir[] = inZone.map(() => one);
  if (!linear) return retained;
  // Only a leakage acting on slats before another's zone changes what reaches it.
  const staggered = inZone.some((_, k) => inZone.some((other, j) => j !== k && other.some((on, i) => on && i > firstSlat[k]!)));
  if (!staggered) return retained;
  let left: Ir = one;
  for (let i = slats - 1; i >= 0; i--) {
    inZone.forEach((_, k) => {
      if (firstSlat[k] === i) retained[k] = left;
    });
    let shed: Ir = zero;
    inZone.forEach((zone, k) => {
      if (zone[i] && zoneSlats[k]! > 0) shed = add(shed, div(mul(fractions[k]!, retained[k]!), { k: 'const', v: zoneSlats[k]! }));
    });
    if (shed !== zero) left = keep(positive(keep(sub(left, shed))));
  }
  return retained;
}
