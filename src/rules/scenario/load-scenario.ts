import { canonicalName as key, compileModel, formatModelError, type CompiledModel } from '../../engine/index.ts';
import { FormulaError, compileFormula, formulaNames } from '../formula/formula.ts';
import { KPI_FUNCTIONS } from '../game/round-kpis.ts';
import { STRATEGY_FUNCTIONS } from '../strategies/strategy-scope.ts';
import { checkGuide } from './check-guide.ts';
import { checkLoops } from './check-loops.ts';
import { checkWorld } from './check-world.ts';
import { zodProblems } from '../zod-problems.ts';
import { SHARED_SIDE, scenarioSchema, type KpiRole, type ScenarioDefinition } from './scenario-schema.ts';

/** A case ready to play: its validated game file and its compiled model. */
export interface Scenario {
  readonly folder: string;
  readonly definition: ScenarioDefinition;
  readonly model: CompiledModel;
}

export interface ScenarioFiles {
  /** Shown in messages: `scenarios/dealer-alliance`. */
  readonly folder: string;
  readonly gameJson: string;
  readonly modelSource: string;
}

export type LoadResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Reads a scenario folder's files (given as text: file access stays with the caller) and checks
 * everything a game will rely on, so a broken file fails here with messages that name the file,
 * the field and the problem, not later in the middle of a workshop.
 */
export function loadScenario(files: ScenarioFiles): LoadResult {
  const gameFile = `${files.folder}/game.json`;
  let raw: unknown;
  try {
    raw = JSON.parse(files.gameJson);
  } catch (error) {
    return { ok: false, errors: [`${gameFile}: not valid JSON (${(error as Error).message})`] };
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: zodProblems(parsed.error).map((problem) => `${gameFile}: ${problem}`),
    };
  }
  const definition = parsed.data;
  const modelFile = `${files.folder}/${definition.model}`;
  const compiled = compileModel(files.modelSource, { fileName: modelFile });
  if (!compiled.ok) return { ok: false, errors: compiled.errors.map(formatModelError) };
  const errors = crossCheck(definition, compiled.model, gameFile);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scenario: { folder: files.folder, definition, model: compiled.model } };
}

function crossCheck(definition: ScenarioDefinition, model: CompiledModel, gameFile: string): string[] {
  const errors: string[] = [];
  const at = (path: string, message: string): void => void errors.push(`${gameFile}: ${path}: ${message}`);
  const parameterNames = new Set<string>();
  for (const parameter of model.parameters) {
    parameterNames.add(parameter.id);
    parameterNames.add(key(parameter.label));
  }
  const variableNames = new Set<string>();
  for (const output of model.outputs) {
    variableNames.add(output.id);
    variableNames.add(key(output.label));
  }
  const isConstant = (name: string): boolean => parameterNames.has(key(name));
  const isVariable = (name: string): boolean => variableNames.has(key(name));

  const sideIds = definition.sides.map((side) => side.id);
  if (sideIds[0] === sideIds[1]) at('sides', `both sides have the id "${sideIds[0]}"`);
  const kpiIdsBySide = new Map<string, Set<string>>([...sideIds, SHARED_SIDE].map((id) => [id, new Set<string>()]));

  definition.kpis.forEach((kpi, i) => {
    const ids = kpiIdsBySide.get(kpi.side);
    if (!ids) return at(`kpis.${i}.side`, `"${kpi.side}" is neither a side (${sideIds.join(', ')}) nor "${SHARED_SIDE}"`);
    if (ids.has(kpi.id)) at(`kpis.${i}.id`, `"${kpi.id}" is defined twice for ${kpi.side}`);
    ids.add(kpi.id);
    checkFormula(kpi.formula, `kpis.${i}.formula`, KPI_FUNCTIONS, (name) => isVariable(name), at);
  });

  definition.sides.forEach((side, s) => {
    if (!kpiIdsBySide.get(side.id)?.has(side.yardstick)) at(`sides.${s}.yardstick`, `"${side.yardstick}" is not a KPI of ${side.id}`);
    side.decisions.forEach((decision, d) => {
      if (!isConstant(decision.variable)) at(`sides.${s}.decisions.${d}.variable`, `"${decision.variable}" is not a constant of the model, so the game cannot set it`);
    });
    if (side.breachInput !== undefined && !isConstant(side.breachInput)) at(`sides.${s}.breachInput`, `"${side.breachInput}" is not a constant of the model, so the game cannot set it`);
    side.seesDuringPlay.forEach((name, v) => {
      if (!isVariable(name)) at(`sides.${s}.seesDuringPlay.${v}`, `"${name}" is not a variable of the model`);
    });
    const strategies = Object.hasOwn(definition.strategies, side.id) ? definition.strategies[side.id] : undefined;
    if (!strategies) return at('strategies', `there are no strategies for side "${side.id}"`);
    const decisionIds = new Set(side.decisions.map((decision) => decision.id));
    const kpiNames = new Set([...(kpiIdsBySide.get(side.id) ?? []), ...(kpiIdsBySide.get(SHARED_SIDE) ?? [])]);
    for (const [strategyId, strategy] of Object.entries(strategies)) {
      const path = `strategies.${side.id}.${strategyId}`;
      if (strategy.kind === 'mirror') {
        for (const target of [strategy.cooperate, strategy.retaliate]) {
          if (!Object.hasOwn(strategies, target)) at(path, `refers to strategy "${target}", which ${side.id} does not have`);
          else if (strategies[target]!.kind === 'mirror') at(path, `"${target}" is itself a mirror strategy; a mirror must point at plans`);
        }
        continue;
      }
      const checkSet = (values: Record<string, number | string>, where: string): void => {
        for (const [decisionId, value] of Object.entries(values)) {
          if (!decisionIds.has(decisionId)) at(`${where}.${decisionId}`, `"${decisionId}" is not a decision of ${side.id}`);
          if (typeof value === 'string') checkFormula(value, `${where}.${decisionId}`, STRATEGY_FUNCTIONS, (name) => decisionIds.has(name) || name === 'round', at, kpiNames);
        }
      };
      if (strategy.set) checkSet(strategy.set, `${path}.set`);
      strategy.phases.forEach((phase, p) => {
        checkSet(phase.set, `${path}.phases.${p}.set`);
        if (phase.afterEvent && !definition.events.some((event) => event.id === phase.afterEvent)) at(`${path}.phases.${p}.afterEvent`, `there is no event "${phase.afterEvent}"`);
      });
      strategy.rules.forEach((rule, r) => {
        checkFormula(rule.when, `${path}.rules.${r}.when`, STRATEGY_FUNCTIONS, (name) => decisionIds.has(name) || name === 'round', at, kpiNames);
        checkSet(rule.set, `${path}.rules.${r}.set`);
      });
    }
    const partner = Object.hasOwn(definition.defaultPartnerStrategy, side.id) ? definition.defaultPartnerStrategy[side.id] : undefined;
    if (!partner || !Object.hasOwn(strategies, partner)) at(`defaultPartnerStrategy.${side.id}`, `"${partner ?? ''}" is not a strategy of ${side.id}`);
  });

  definition.events.forEach((event, i) => {
    for (const name of Object.keys(event.set)) if (!isConstant(name)) at(`events.${i}.set.${name}`, 'is not a constant of the model');
    if (event.startTimeInput && !isConstant(event.startTimeInput)) at(`events.${i}.startTimeInput`, `"${event.startTimeInput}" is not a constant of the model`);
    if (event.endTimeInput && !isConstant(event.endTimeInput.variable)) at(`events.${i}.endTimeInput`, `"${event.endTimeInput.variable}" is not a constant of the model`);
    if (event.effect?.variable && (!isVariable(event.effect.variable) || isConstant(event.effect.variable))) at(`events.${i}.effect.variable`, `"${event.effect.variable}" is not a variable of the model that changes over time`);
  });
  for (const name of Object.keys(definition.exitClause.set)) if (!isConstant(name)) at(`exitClause.set.${name}`, 'is not a constant of the model');
  if (!isConstant(definition.exitClause.startTimeInput)) at('exitClause.startTimeInput', `"${definition.exitClause.startTimeInput}" is not a constant of the model`);
  definition.exitClause.endsDecisions.forEach((ended, i) => {
    const decision = definition.sides.find((side) => side.id === ended.side)?.decisions.find((candidate) => candidate.id === ended.decision);
    if (!decision) at(`exitClause.endsDecisions.${i}`, `"${ended.side}.${ended.decision}" is not a decision in this game`);
    else if (ended.value < decision.min || ended.value > decision.max) at(`exitClause.endsDecisions.${i}.value`, `${ended.value} is outside ${decision.min}..${decision.max}`);
  });
  definition.calibration.forEach((step, i) => {
    if (step.kind === 'match-start') {
      if (!isConstant(step.adjust)) at(`calibration.${i}.adjust`, `"${step.adjust}" is not a constant of the model`);
      if (!isVariable(step.target)) at(`calibration.${i}.target`, `"${step.target}" is not a variable of the model`);
    } else {
      for (const [constant, stock] of Object.entries(step.copy)) {
        if (!isConstant(constant)) at(`calibration.${i}.copy.${constant}`, 'is not a constant of the model');
        if (!isVariable(stock)) at(`calibration.${i}.copy.${constant}`, `"${stock}" is not a variable of the model`);
      }
    }
  });
  checkRoles(definition, at);
  checkCharter(definition, at);
  definition.debrief.stocks.forEach((stock, i) => {
    if (!isVariable(stock.variable)) at(`debrief.stocks.${i}.variable`, `"${stock.variable}" is not a variable of the model`);
  });
  for (const kind of ['cooperative', 'quickFix'] as const) {
    const chosen = new Map(Object.entries(definition.debrief.shadows[kind]));
    for (const side of definition.sides) {
      const strategyId = chosen.get(side.id);
      const strategies = definition.strategies[side.id];
      if (strategyId === undefined) at(`debrief.shadows.${kind}`, `names no strategy for ${side.id}`);
      else if (!strategies || !Object.hasOwn(strategies, strategyId)) at(`debrief.shadows.${kind}.${side.id}`, `"${strategyId}" is not a strategy of ${side.id}`);
      chosen.delete(side.id);
    }
    for (const extra of chosen.keys()) at(`debrief.shadows.${kind}.${extra}`, `"${extra}" is not a side`);
  }
  const bullwhip = definition.debrief.bullwhip;
  if (bullwhip) {
    for (const [field, name] of Object.entries(bullwhip)) if (name !== undefined && !isVariable(name)) at(`debrief.bullwhip.${field}`, `"${name}" is not a variable of the model`);
  }
  if (definition.debrief.lessons.includes('bullwhip') && !bullwhip) at('debrief.lessons', 'the bullwhip lesson needs debrief.bullwhip (orders and demand)');
  for (const [name, variable] of Object.entries(definition.series)) if (!isVariable(variable)) at(`series.${name}`, `"${variable}" is not a variable of the model`);
  definition.charter.sharedKpis.forEach((kpi, i) => {
    if (!kpiIdsBySide.get(SHARED_SIDE)?.has(kpi)) at(`charter.sharedKpis.${i}`, `"${kpi}" is not an alliance KPI`);
  });
  definition.deals.forEach((deal, i) =>
    deal.terms.forEach((term, t) => {
      const side = definition.sides.find((candidate) => candidate.id === term.side);
      if (!side) at(`deals.${i}.terms.${t}.side`, `"${term.side}" is not a side`);
      else if (!side.decisions.some((decision) => decision.id === term.decision)) at(`deals.${i}.terms.${t}.decision`, `"${term.decision}" is not a decision of ${term.side}`);
    }),
  );
  checkWorld(definition, at);
  checkLoops(definition, isVariable, at);
  checkGuide(definition, at);
  return errors;
}

/** Each side has exactly one profit and one cumulative-profit KPI; trust, if any, is shared and single. */
function checkRoles(definition: ScenarioDefinition, at: (path: string, message: string) => void): void {
  const count = (side: string, role: KpiRole) => definition.kpis.filter((kpi) => kpi.side === side && kpi.role === role).length;
  for (const side of definition.sides) {
    for (const role of ['profit', 'cumulative-profit'] as const) {
      const found = count(side.id, role);
      if (found !== 1) at('kpis', `${side.id} needs exactly one KPI with the role "${role}" (it has ${found})`);
    }
  }
  definition.kpis.forEach((kpi, i) => {
    if (kpi.role === 'trust' && kpi.side !== SHARED_SIDE) at(`kpis.${i}.role`, `trust is shared: give it the side "${SHARED_SIDE}"`);
    if ((kpi.role === 'profit' || kpi.role === 'cumulative-profit') && kpi.side === SHARED_SIDE) at(`kpis.${i}.role`, `a ${kpi.role} KPI belongs to one side, not to "${SHARED_SIDE}"`);
    if (kpi.role === 'cost' && kpi.higherIsBetter) at(`kpis.${i}.higherIsBetter`, 'a cost is better when lower: set higherIsBetter to false');
  });
  if (count(SHARED_SIDE, 'trust') > 1) at('kpis', 'only one KPI may have the role "trust"');
}

/** A charter in force from the start must be what the game opens on, or round 1 would already break it. */
function checkCharter(definition: ScenarioDefinition, at: (path: string, message: string) => void): void {
  if (definition.charter.inForce !== 'from-start') return;
  definition.sides.forEach((side, s) =>
    side.decisions.forEach((decision, d) => {
      if (decision.goodFaith === 'neutral' || decision.agreed === undefined || decision.agreed === decision.default) return;
      const opensOutside = decision.goodFaith === 'lower' ? decision.default > decision.agreed : decision.default < decision.agreed;
      if (opensOutside) at(`sides.${s}.decisions.${d}.default`, `the game opens outside the charter's terms (agreed ${decision.agreed}); set charter.inForce to "once-agreed" for a case that opens in a habit`);
    }),
  );
}

function checkFormula(
  text: string,
  path: string,
  functions: ReadonlySet<string>,
  knownName: (name: string) => boolean,
  at: (path: string, message: string) => void,
  kpiArguments?: ReadonlySet<string>,
): void {
  try {
    compileFormula(text);
    const { names, functions: called } = formulaNames(text);
    for (const fn of called) if (!functions.has(fn) && !['min', 'max', 'abs', 'sqrt', 'clamp'].includes(fn)) at(path, `"${fn}" is not a function formulas can use here`);
    for (const name of names) {
      if (knownName(name) || knownName(key(name))) continue;
      if (kpiArguments?.has(name)) continue;
      at(path, `"${name}" is not known here`);
    }
  } catch (error) {
    if (error instanceof FormulaError) at(path, error.message);
    else throw error;
  }
}
