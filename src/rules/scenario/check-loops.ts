import type { ScenarioDefinition } from './scenario-schema.ts';

/**
 * The loops block's references (sides, decisions, KPIs, model variables) and its loops: each path
 * alternates signal and move along declared rules and effects, and its polarity is the product of
 * its links' signs.
 */
export function checkLoops(definition: ScenarioDefinition, isVariable: (name: string) => boolean, at: (path: string, message: string) => void): void {
  const loops = definition.loops;
  if (!loops) return;
  const sideIds = definition.sides.map((side) => side.id);
  for (const [signalId, signal] of Object.entries(loops.signals)) {
    if (signal.kpi) {
      const { side, kpi } = signal.kpi;
      if (side !== 'alliance' && !sideIds.includes(side)) at(`loops.signals.${signalId}.kpi.side`, `"${side}" is neither a side (${sideIds.join(', ')}) nor "alliance"`);
      else if (!definition.kpis.some((candidate) => candidate.side === side && candidate.id === kpi)) at(`loops.signals.${signalId}.kpi.kpi`, `"${kpi}" is not a KPI of ${side}`);
    }
    if (signal.variable && !isVariable(signal.variable)) at(`loops.signals.${signalId}.variable`, `"${signal.variable}" is not a variable of the model`);
  }
  for (const [moveId, move] of Object.entries(loops.moves)) {
    const side = definition.sides.find((candidate) => candidate.id === move.side);
    if (!side) {
      at(`loops.moves.${moveId}.side`, `"${move.side}" is not a side (${sideIds.join(', ')})`);
      continue;
    }
    for (const decision of Object.keys(move.decisions)) {
      if (!side.decisions.some((candidate) => candidate.id === decision)) at(`loops.moves.${moveId}.decisions.${decision}`, `"${decision}" is not a decision of ${side.id}`);
    }
  }
  const signal = (name: string): boolean => Object.hasOwn(loops.signals, name);
  const move = (name: string): boolean => Object.hasOwn(loops.moves, name);
  loops.rules.forEach((rule, i) => {
    if (!signal(rule.signal)) at(`loops.rules.${i}.signal`, `there is no signal "${rule.signal}"`);
    if (!move(rule.move)) at(`loops.rules.${i}.move`, `there is no move "${rule.move}"`);
  });
  loops.effects.forEach((effect, i) => {
    if (!move(effect.move)) at(`loops.effects.${i}.move`, `there is no move "${effect.move}"`);
    if (!signal(effect.signal)) at(`loops.effects.${i}.signal`, `there is no signal "${effect.signal}"`);
  });
  const loopIds = new Set<string>();
  loops.loops.forEach((loop, i) => {
    const where = `loops.loops.${i}`;
    if (loopIds.has(loop.id)) at(`${where}.id`, `"${loop.id}" is used twice`);
    loopIds.add(loop.id);
    if (loop.path.length % 2 !== 0) return at(`${where}.path`, 'alternates signal and move, so it has an even length');
    let sign = 1;
    for (let k = 0; k < loop.path.length; k++) {
      const from = loop.path[k]!;
      const to = loop.path[(k + 1) % loop.path.length]!;
      if (k % 2 === 0) {
        if (!signal(from)) return at(`${where}.path.${k}`, `"${from}" is not a signal (the path starts with a signal and alternates)`);
        const rule = loops.rules.find((candidate) => candidate.signal === from && candidate.move === to);
        if (!rule) return at(`${where}.path.${k}`, `no rule says that "${to}" answers "${from}"`);
        if (rule.polarity === '-') sign = -sign;
      } else {
        if (!move(from)) return at(`${where}.path.${k}`, `"${from}" is not a move`);
        const effect = loops.effects.find((candidate) => candidate.move === from && candidate.signal === to);
        if (!effect) return at(`${where}.path.${k}`, `no effect says what "${from}" does to "${to}"`);
        if (effect.polarity === '-') sign = -sign;
      }
    }
    const kind = sign > 0 ? 'reinforcing' : 'balancing';
    if (kind !== loop.kind) at(`${where}.kind`, `the signs of its links make it ${kind}, not ${loop.kind}`);
  });
}
