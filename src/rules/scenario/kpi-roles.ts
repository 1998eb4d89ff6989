/**
 * The KPIs the game's own logic relies on, found by the role the scenario declares for them
 * (game.json `kpis[].role`), never by a case's KPI id. The loader has checked that every side
 * has its profit and cumulative-profit KPIs, so the lookups that must succeed do.
 * pattern: Functional Core
 */
import type { Scenario } from './load-scenario.ts';
import { SHARED_SIDE, type KpiDefinition, type KpiRole, type SideDefinition } from './scenario-schema.ts';

function withRole(scenario: Scenario, side: string, role: KpiRole): KpiDefinition | undefined {
  return scenario.definition.kpis.find((kpi) => kpi.side === side && kpi.role === role);
}

function required(scenario: Scenario, side: string, role: KpiRole): KpiDefinition {
  const kpi = withRole(scenario, side, role);
  if (!kpi) throw new Error(`${scenario.folder}: ${side} has no KPI with the role "${role}"`);
  return kpi;
}

/** A side's profit per round. */
export function profitKpi(scenario: Scenario, side: string): KpiDefinition {
  return required(scenario, side, 'profit');
}

/** A side's profit since the start of the game. */
export function cumulativeProfitKpi(scenario: Scenario, side: string): KpiDefinition {
  return required(scenario, side, 'cumulative-profit');
}

/** Trust between the partners, if the case tracks it. */
export function trustKpi(scenario: Scenario): KpiDefinition | undefined {
  return withRole(scenario, SHARED_SIDE, 'trust');
}

/** Money spent on handling the swings the sides' moves create, of either side. */
export function costKpis(scenario: Scenario): KpiDefinition[] {
  return scenario.definition.kpis.filter((kpi) => kpi.role === 'cost');
}

/** The number a side is judged on. */
export function yardstickKpi(scenario: Scenario, side: SideDefinition): KpiDefinition {
  const kpi = scenario.definition.kpis.find((candidate) => candidate.side === side.id && candidate.id === side.yardstick);
  if (!kpi) throw new Error(`${scenario.folder}: ${side.id}'s yardstick "${side.yardstick}" is not one of its KPIs`);
  return kpi;
}

/** The KPIs both sides see (trust, channel share…). */
export function sharedKpis(scenario: Scenario): KpiDefinition[] {
  return scenario.definition.kpis.filter((kpi) => kpi.side === SHARED_SIDE);
}
