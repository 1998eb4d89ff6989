import type { CompiledModel, FeedbackLoop, RunOptions } from '../api-types.ts';
import { LinkScorer, type Edge } from './link-scores.ts';
import { compiledProgramOf } from './model-internals.ts';
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

/** The loops' scores over the run and its phases (the steps, in order: links, intervals, loops, phases). */
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
