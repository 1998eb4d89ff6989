import type { ScenarioDefinition } from './scenario-schema.ts';

/** The world block's references, checked against the case's own sides, KPIs and events. */
export function checkWorld(definition: ScenarioDefinition, at: (path: string, message: string) => void): void {
  const world = definition.world;
  if (!world) return;
  const sideIds = definition.sides.map((side) => side.id);
  const hasKpi = (side: string, kpi: string): boolean => definition.kpis.some((candidate) => candidate.side === side && candidate.id === kpi);
  if (!sideIds.includes(world.plantSide)) at('world.plantSide', `"${world.plantSide}" is not a side (${sideIds.join(', ')})`);
  for (const [gauge, ref] of Object.entries(world.gauges)) {
    if (!ref) continue;
    if (ref.side !== 'alliance' && !sideIds.includes(ref.side)) at(`world.gauges.${gauge}.side`, `"${ref.side}" is neither a side (${sideIds.join(', ')}) nor "alliance"`);
    else if (!hasKpi(ref.side, ref.kpi)) at(`world.gauges.${gauge}.kpi`, `"${ref.kpi}" is not a KPI of ${ref.side}`);
  }
  for (const eventId of Object.keys(world.events)) {
    if (!definition.events.some((event) => event.id === eventId)) at(`world.events.${eventId}`, `there is no event "${eventId}"`);
  }
}
