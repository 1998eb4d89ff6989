import { canonicalName } from '../../engine/index.ts';
import { compileFormula, FormulaError, type FormulaArgument } from '../formula/formula.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import type { DecisionDefinition, SideDefinition, StrategyDefinition } from '../scenario/scenario-schema.ts';
import type { KpiValues, } from '../game/round-kpis.ts';
import type { Decisions } from '../game/simulate-rounds.ts';

/**
 * What one side knows when it decides: its own past decisions and KPIs (with the shared ones),
 * the partner's past decisions (revealed after each round), and the events that have begun.
 * Computer partners are pure functions of this view and nothing else.
 */
export interface SideView {
  readonly side: string;
  /** The round about to be decided (1-based). */
  readonly round: number;
  readonly ownDecisions: readonly Decisions[];
  readonly ownKpis: readonly KpiValues[];
  readonly partnerDecisions: readonly Decisions[];
  /** Event id → round it began, for events that have begun by this round. */
  readonly eventsBegun: Readonly<Record<string, number>>;
}

/** A strategy as chosen for a seat: which one, and the round it took over. */
export interface StrategyChoice {
  readonly id: string;
  readonly fromRound: number;
}

export class StrategyError extends Error {}

function sideOf(scenario: Scenario, sideId: string): SideDefinition {
  const side = scenario.definition.sides.find((candidate) => candidate.id === sideId);
  if (!side) throw new StrategyError(`there is no side "${sideId}"`);
  return side;
}

export function defaultDecisions(side: SideDefinition): Decisions {
  return Object.fromEntries(side.decisions.map((decision) => [decision.id, decision.default]));
}

/**
 * A side's strategy by id, or undefined. Ids arrive from outside (a workshop's create options, a
 * facilitator's command, the command line), so only the scenario's own entries count: a plain
 * `strategies[side][id]` would find `constructor` or `toString` on Object.prototype.
 */
export function findStrategy(scenario: Scenario, sideId: string, strategyId: string): StrategyDefinition | undefined {
  const strategies = scenario.definition.strategies;
  if (!Object.hasOwn(strategies, sideId)) return undefined;
  const ofSide = strategies[sideId]!;
  return Object.hasOwn(ofSide, strategyId) ? ofSide[strategyId] : undefined;
}

/** The ids of a side's strategies (none for a side the scenario does not have). */
export function strategyIds(scenario: Scenario, sideId: string): string[] {
  return Object.hasOwn(scenario.definition.strategies, sideId) ? Object.keys(scenario.definition.strategies[sideId]!) : [];
}

function strategyOf(scenario: Scenario, sideId: string, strategyId: string): StrategyDefinition {
  const strategy = findStrategy(scenario, sideId, strategyId);
  if (!strategy) throw new StrategyError(`${sideId} has no strategy "${strategyId}" (it has: ${strategyIds(scenario, sideId).join(', ')})`);
  return strategy;
}

/** True when the partner's decisions moved against the agreed terms (beyond half a step). */
export function brokeFaith(partner: SideDefinition, decisions: Decisions): boolean {
  return partner.decisions.some((decision) => {
    const value = decisions[decision.id];
    if (value === undefined) return false;
    const agreed = decision.agreed ?? decision.default;
    const tolerance = decision.step / 2;
    if (decision.goodFaith === 'lower') return value > agreed + tolerance;
    if (decision.goodFaith === 'higher') return value < agreed - tolerance;
    return false;
  });
}

export function chooseDecisions(scenario: Scenario, choice: StrategyChoice, view: SideView): Decisions {
  const side = sideOf(scenario, view.side);
  const strategy = strategyOf(scenario, view.side, choice.id);
  if (strategy.kind === 'mirror') {
    const partner = scenario.definition.sides.find((candidate) => candidate.id !== view.side)!;
    // Whether this side retaliates in round r depends on the partner's round r-1, and for the
    // forgiving variant on whether it already retaliated in r-1: computed forward, purely.
    let retaliating = false;
    for (let round = Math.max(choice.fromRound, 2); round <= view.round; round++) {
      const partnerLast = view.partnerDecisions[round - 2];
      const provoked = partnerLast !== undefined && brokeFaith(partner, partnerLast);
      retaliating = provoked && !(strategy.forgiving && retaliating);
    }
    const target = retaliating ? strategy.retaliate : strategy.cooperate;
    return chooseDecisions(scenario, { id: target, fromRound: choice.fromRound }, view);
  }
  return clampToRanges(side, playPlan(side, strategy, choice, view));
}

function playPlan(side: SideDefinition, plan: Extract<StrategyDefinition, { kind: 'plan' }>, choice: StrategyChoice, view: SideView): Decisions {
  const previous = view.ownDecisions.at(-1);
  const values: Decisions = { ...(plan.base === 'previous' && previous ? previous : defaultDecisions(side)) };
  const apply = (set: Readonly<Record<string, number | string>>): void => {
    // Formulas read the values as they stood before this set, like a spreadsheet row.
    const before = { ...values };
    for (const [decisionId, value] of Object.entries(set)) {
      values[decisionId] = typeof value === 'number' ? value : evaluate(value, before, view);
    }
  };
  if (plan.set) apply(plan.set);
  const ownRound = view.round - choice.fromRound + 1;
  for (const phase of plan.phases) {
    let position = ownRound;
    if (phase.afterEvent !== undefined) {
      const begun = Object.hasOwn(view.eventsBegun, phase.afterEvent) ? view.eventsBegun[phase.afterEvent] : undefined;
      if (begun === undefined) continue;
      position = view.round - begun + 1;
    }
    if ((phase.from ?? 1) <= position && position <= (phase.until ?? Infinity)) apply(phase.set);
  }
  for (const rule of plan.rules) {
    if (evaluate(rule.when, values, view) !== 0) {
      apply(rule.set);
      break;
    }
  }
  return values;
}

function evaluate(text: string, decisions: Decisions, view: SideView): number {
  const formula = compileFormula(text);
  const byKey = new Map(Object.entries(decisions).map(([id, value]) => [canonicalName(id), value]));
  const kpiAt = (index: number, argument: FormulaArgument | undefined): number => {
    if (argument?.name === undefined) throw new FormulaError(`"${text}": name a KPI, as in last(profit)`);
    const row = view.ownKpis[index];
    if (!row) return Number.NaN;
    const entry = Object.entries(row).find(([id]) => canonicalName(id) === canonicalName(argument.name!));
    if (!entry) throw new FormulaError(`"${text}": ${view.side} has no KPI "${argument.name}"`);
    return entry[1];
  };
  return formula({
    value: (name) => (name === 'round' ? view.round : byKey.get(name)),
    functions: {
      last: ([x]) => kpiAt(view.ownKpis.length - 1, x),
      previous: ([x]) => kpiAt(view.ownKpis.length - 2, x),
      first: ([x]) => kpiAt(0, x),
    },
  });
}

export function clampToRanges(side: SideDefinition, decisions: Decisions): Decisions {
  const result: Decisions = {};
  for (const decision of side.decisions) result[decision.id] = clampDecision(decision, decisions[decision.id] ?? decision.default);
  return result;
}

export function clampDecision(decision: DecisionDefinition, value: number): number {
  return Math.min(decision.max, Math.max(decision.min, value));
}
