/**
 * The debrief tells one story. For generated games of every case (hand decisions and the cases'
 * own strategies, deals proposed and accepted or refused, exits, events at random rounds, any
 * length), the debrief is built as data and every statement's claims are checked against the one
 * analysis it came from and against each other: conduct per side and round, whether the path
 * played was the cooperative path, where a side ran ahead or fell behind, and every number quoted.
 * Every statement is also rendered, and must read as words (no placeholders, NaN or "1 months").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyAction,
  at,
  conductOf,
  finalValue,
  payoffCell,
  peopleLoops,
  type DebriefAnalysis,
  type GameAction,
  type GameState,
  type PayoffConduct,
  type Scenario,
  type SideDefinition,
  type Statement,
} from '../../src/rules/index.ts';
import { allStatements, debriefContent, type DebriefContent } from '../../src/state/debrief/index.ts';
import { renderStatement } from '../../src/views/debrief/render-statement.ts';
import { newGame } from '../helpers/game-driver.ts';
import { scenario, testScenario } from '../helpers/scenarios.ts';

type Choice = { readonly kind: 'agreed' } | { readonly kind: 'default' } | { readonly kind: 'random'; readonly fractions: readonly number[] };

interface GamePlan {
  readonly rounds: number;
  readonly events: readonly { readonly index: number; readonly round: number }[];
  /** Per side (by index), per round. */
  readonly choices: readonly (readonly Choice[])[];
  readonly deal: { readonly round: number; readonly from: number; readonly accept: boolean; readonly length: number } | null;
  readonly exit: { readonly round: number; readonly by: number } | null;
}

function planArbitrary(s: Scenario): fc.Arbitrary<GamePlan> {
  // Games may run from 4 to 40 rounds, whatever the case's usual length.
  const max = 2 * s.definition.rounds.count;
  const choice = (count: number): fc.Arbitrary<Choice> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Choice>({ kind: 'agreed' }) },
      { weight: 2, arbitrary: fc.constant<Choice>({ kind: 'default' }) },
      { weight: 2, arbitrary: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: count, maxLength: count }).map((fractions): Choice => ({ kind: 'random', fractions })) },
    );
  // Runs of the same choice, as players hold a course for a while.
  const side = (count: number, rounds: number) => fc.array(fc.tuple(choice(count), fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 6 }).map((runs) => runs.flatMap(([c, n]) => Array.from({ length: n }, () => c)).concat(Array.from({ length: rounds }, () => runs.at(-1)![0])).slice(0, rounds));
  return fc.integer({ min: 4, max: max }).chain((rounds) =>
    fc.record({
      rounds: fc.constant(rounds),
      events: fc.array(fc.record({ index: fc.integer({ min: 0, max: Math.max(0, s.definition.events.length - 1) }), round: fc.integer({ min: 1, max: rounds + 2 }) }), { maxLength: s.definition.events.length }),
      choices: fc.tuple(side(s.definition.sides[0]!.decisions.length, rounds), side(s.definition.sides[1]!.decisions.length, rounds)),
      deal: fc.option(fc.record({ round: fc.integer({ min: 1, max: rounds }), from: fc.integer({ min: 0, max: 1 }), accept: fc.boolean(), length: fc.integer({ min: 1, max: 8 }) })),
      exit: fc.option(fc.record({ round: fc.integer({ min: 1, max: rounds - 1 }), by: fc.integer({ min: 0, max: 1 }) }), { freq: 4 }),
    }),
  );
}

function decisionsFor(side: SideDefinition, choice: Choice): Record<string, number> {
  return Object.fromEntries(
    side.decisions.map((decision, i) => {
      if (choice.kind === 'agreed') return [decision.id, decision.agreed ?? decision.default];
      if (choice.kind === 'default') return [decision.id, decision.default];
      const fraction = choice.fractions[i] ?? 0.5;
      if (decision.choices) return [decision.id, decision.choices[Math.min(decision.choices.length - 1, Math.floor(fraction * decision.choices.length))]!.value];
      const raw = decision.min + fraction * (decision.max - decision.min);
      return [decision.id, Math.min(decision.max, Math.max(decision.min, Math.round(raw / decision.step) * decision.step))];
    }),
  );
}

function apply(s: Scenario, state: GameState, action: GameAction): GameState {
  const result = applyAction(s, state, action);
  return result.ok ? result.state : state;
}

/** Play the plan through the real rules, two teams on one screen. */
function playPlan(s: Scenario, plan: GamePlan): GameState {
  const sides = s.definition.sides;
  const events = plan.events.flatMap((entry) => {
    const event = s.definition.events[entry.index];
    return event ? [{ eventId: event.id, round: entry.round }] : [];
  });
  const unique = events.filter((event, i) => events.findIndex((other) => other.eventId === event.eventId) === i);
  let state = apply(s, newGame(s, { rounds: plan.rounds, events: unique.filter((event) => event.round <= plan.rounds) }), { type: 'startGame', actor: 'system' });
  for (let round = 1; round <= plan.rounds; round++) {
    const template = s.definition.deals[0];
    if (plan.deal && template && plan.deal.round === round) {
      const from = sides[plan.deal.from]!.id;
      const to = sides[1 - plan.deal.from]!.id;
      state = apply(s, state, { type: 'proposeDeal', actor: from, side: from, terms: template.terms, rounds: plan.deal.length });
      const proposal = state.deals.at(-1);
      if (proposal?.status === 'open') state = apply(s, state, { type: 'respondToDeal', actor: to, side: to, proposalId: proposal.id, response: plan.deal.accept ? 'accept' : 'reject' });
    }
    sides.forEach((side, index) => {
      const wanted = decisionsFor(side, plan.choices[index]![round - 1]!);
      const next = apply(s, state, { type: 'submitDecisions', actor: side.id, side: side.id, round, decisions: wanted });
      // Where the rules hold a side to agreed terms, it submits the nearest values they allow.
      state = next !== state ? next : apply(s, state, { type: 'submitDecisions', actor: side.id, side: side.id, round, decisions: withinDeals(state, side, wanted, round) });
    });
    state = apply(s, state, { type: 'resolveRound', actor: 'system', round });
    if (plan.exit && plan.exit.round === round) state = apply(s, state, { type: 'exitAlliance', actor: sides[plan.exit.by]!.id, side: sides[plan.exit.by]!.id });
    state = apply(s, state, { type: 'nextRound', actor: 'system', round });
  }
  return state;
}

function withinDeals(state: GameState, side: SideDefinition, wanted: Record<string, number>, round: number): Record<string, number> {
  const values = { ...wanted };
  for (const deal of state.deals) {
    if (deal.status !== 'accepted' || round < deal.fromRound! || round > deal.untilRound!) continue;
    for (const term of deal.terms) {
      if (term.side !== side.id || values[term.decision] === undefined) continue;
      values[term.decision] = term.bound === 'at-most' ? Math.min(values[term.decision]!, term.value) : Math.max(values[term.decision]!, term.value);
    }
  }
  return values;
}

/** The value a number claim names, where it names something in the analysis. */
function resolveNumber(analysis: DebriefAnalysis, of: string): number | undefined {
  const parts = of.split('.');
  const [family, a, b, c] = parts;
  if (family === 'cumulative' && parts.length === 3) {
    const path = a === 'played' ? analysis.played : a === 'cooperative' ? analysis.cooperative : a === 'habit' ? analysis.opening : a === 'quick-fix' ? analysis.quickFix : undefined;
    return path ? finalValue(path.cumulative, b!) : undefined;
  }
  if (family === 'cell' && parts.length === 4) {
    const sides = [...analysis.conduct.sides.keys()];
    return payoffCell(analysis.payoff, { [sides[0]!]: a as PayoffConduct, [sides[1]!]: b as PayoffConduct }).cumulative.get(c!);
  }
  if (family === 'move') {
    const move = analysis.moves.get(a!);
    if (!move) return Number.NaN;
    const fields: Record<string, number> = { ownGainAtFirst: move.ownGainAtFirst, ownLossAtFirst: -move.ownGainAtFirst, ownGainOverall: move.ownGainOverall, ownLossOverall: -move.ownGainOverall, partnerLoss: move.partnerLoss };
    return fields[b!];
  }
  if (family === 'switch') {
    const entry = analysis.switches.get(a!);
    return entry ? (b === 'cost' ? entry.cost : b === 'gain' ? entry.gain : undefined) : Number.NaN;
  }
  if (family === 'stock' && (a === 'played' || a === 'cooperative')) {
    const change = analysis.stocks.find((candidate) => candidate.stock.variable === parts.slice(2).join('.'));
    return change ? (a === 'played' ? change.played : change.cooperative) * change.stock.displayScale : Number.NaN;
  }
  return undefined;
}

function roundsOf(analysis: DebriefAnalysis, side: string, conduct: string): Set<number> {
  const sc = conductOf(analysis.conduct, side);
  const all = sc.rounds.map((round) => round.round);
  switch (conduct) {
    case 'kept':
      return new Set(sc.rounds.filter((round) => round.kind === 'kept' && !round.filledIn).map((round) => round.round));
    case 'broke':
      return new Set(sc.breachRounds);
    case 'no-terms':
      return new Set(sc.rounds.filter((round) => round.kind === 'no-terms').map((round) => round.round));
    case 'away':
      return new Set(sc.awayRounds);
    default:
      return new Set(all.filter((round) => !sc.awayRounds.includes(round)));
  }
}

/** Every way a statement could disagree with the analysis or with another statement. */
function contradictions(content: DebriefContent): string[] {
  const { analysis } = content;
  const problems: string[] = [];
  const quoted = new Map<string, { value: number; key: string }>();
  const statements = allStatements(content);
  for (const statement of statements) {
    for (const claim of statement.claims) {
      const where = `${statement.key}: ${JSON.stringify(claim)}`;
      if (claim.kind === 'conduct') {
        const actual = roundsOf(analysis, claim.side, claim.conduct);
        for (const round of claim.rounds) if (!actual.has(round)) problems.push(`${where}: round ${round} is not ${claim.conduct}`);
        if (claim.complete && actual.size !== new Set(claim.rounds).size) problems.push(`${where}: the analysis has ${[...actual].join(',')}`);
      } else if (claim.kind === 'same-path') {
        if (claim.same !== analysis.samePath) problems.push(`${where}: samePath is ${analysis.samePath}`);
      } else if (claim.kind === 'versus-cooperative') {
        if (analysis.samePath && claim.rounds.length > 0) problems.push(`${where}: the path played is the cooperative path`);
        const played = at(analysis.played.profit, claim.side);
        const cooperative = at(analysis.cooperative.profit, claim.side);
        const actual = played.flatMap((value, i) => ((claim.relation === 'ahead' ? value > cooperative[i]! : value < cooperative[i]!) && Math.abs(value - cooperative[i]!) > 1e-9 * Math.max(1, Math.abs(value)) ? [i + 1] : []));
        for (const round of claim.rounds) if (!actual.includes(round)) problems.push(`${where}: not ${claim.relation} in round ${round}`);
        if (claim.complete && !analysis.samePath && actual.length !== claim.rounds.length) problems.push(`${where}: the analysis has ${actual.join(',')}`);
      } else {
        const before = quoted.get(claim.of);
        if (before && Math.abs(before.value - claim.value) > 1e-9 * Math.max(1, Math.abs(claim.value))) problems.push(`${where}: ${before.key} quotes ${before.value}`);
        quoted.set(claim.of, { value: claim.value, key: statement.key });
        const resolved = resolveNumber(analysis, claim.of);
        if (resolved !== undefined && !(Math.abs(resolved - claim.value) <= 1e-9 * Math.max(1, Math.abs(resolved)))) problems.push(`${where}: the analysis has ${resolved}`);
      }
    }
  }
  // The game is marked beside the cell of the conduct the analysis gives it.
  const beside = content.payoff.cells.filter((cell) => cell.yourGameBeside);
  if (beside.length !== 1) problems.push(`your game is beside ${beside.length} cells`);
  for (const [side, conduct] of content.payoff.yourGame.conduct) {
    if (conductOf(analysis.conduct, side).payoffConduct !== conduct) problems.push(`payoff conduct of ${side} differs from the analysis`);
    if (beside[0]?.conduct.get(side) !== conduct) problems.push(`your game is beside the wrong cell for ${side}`);
  }
  // The both-kept cell is the cooperative path itself, always.
  const kept = content.payoff.cells.find((cell) => [...cell.conduct.values()].every((value) => value === 'kept'))!;
  for (const side of content.scenario.definition.sides) {
    if (kept.cumulative.get(side.id) !== finalValue(analysis.cooperative.cumulative, side.id)) problems.push(`the both-kept cell of ${side.id} is not the cooperative path`);
  }
  if (analysis.samePath && statements.some((entry) => entry.key.startsWith('now.crossing.'))) problems.push('a crossing with the cooperative path is named for a game that played it');
  const kinds = [...content.lessons.shown, ...content.lessons.notShown].map((lesson) => lesson.kind).sort();
  if (JSON.stringify(kinds) !== JSON.stringify([...content.scenario.definition.debrief.lessons].sort())) problems.push(`lessons ${kinds.join(',')}`);
  return problems;
}

function unreadable(content: DebriefContent, statements: readonly Statement[]): string[] {
  const definition = content.scenario.definition;
  const words = { unit: definition.rounds.unit, units: definition.rounds.unitPlural };
  const singular = new RegExp(`(^|[^\\d.,])1 ${definition.rounds.unitPlural}\\b`);
  return statements.flatMap((statement) => {
    const text = renderStatement(statement, words);
    const bad = /[{}]|NaN|undefined|Infinity|null/.test(text) || singular.test(text) || /\bin 0 \w+/.test(text);
    return bad ? [`${statement.key}: ${text}`] : [];
  });
}

const CASES: readonly [string, () => Scenario, number][] = [
  ['the dealer alliance', () => scenario('dealer-alliance'), 120],
  ['the promotion trap', () => scenario('pg-walmart'), 120],
  ['a third, minimal case with ids of its own', () => testScenario('tiny-supply'), 80],
];

describe('the debrief tells one story', () => {
  for (const [name, load, runs] of CASES) {
    it(`in ${runs} generated games of ${name}`, { timeout: 600_000 }, () => {
      const s = load();
      const seen = { deals: 0, exits: 0, breaches: 0, unbound: 0, samePath: 0 };
      fc.assert(
        fc.property(planArbitrary(s), (plan) => {
          const state = playPlan(s, plan);
          const content = debriefContent(s, state);
          // The loops through the teams are scored for every game too (they replay it at its own length).
          if (s.definition.loops) expect(peopleLoops(s, state)).not.toBeNull();
          seen.deals += state.deals.some((deal) => deal.status === 'accepted') ? 1 : 0;
          seen.exits += state.exit ? 1 : 0;
          seen.samePath += content.analysis.samePath ? 1 : 0;
          for (const side of content.analysis.conduct.sides.values()) {
            seen.breaches += side.breachRounds.length > 0 ? 1 : 0;
            seen.unbound += side.rounds.some((round) => round.kind === 'no-terms') ? 1 : 0;
          }
          expect(contradictions(content)).toEqual([]);
          expect(unreadable(content, allStatements(content))).toEqual([]);
        }),
        { numRuns: runs, seed: 20261207 },
      );
      // The generated games reach every kind of conduct the debrief has to tell apart.
      expect(seen.deals).toBeGreaterThan(0);
      expect(seen.exits).toBeGreaterThan(0);
      expect(seen.breaches + seen.unbound).toBeGreaterThan(0);
    });
  }
});
