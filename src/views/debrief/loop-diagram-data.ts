/**
 * The Accidental Adversaries causal loop diagram as data: a generic template (each side's
 * results and quick fix, each side's effort for the partner, and trust when the scenario tracks
 * it) filled in with the scenario's side names, yardsticks and decision labels; and which loops
 * drove a given game. Pure; loop-diagram-svg.ts draws it.
 */
import { trustKpi as trustKpiOf, type DebriefAnalysis, type GameState, type Scenario, type SideDefinition } from '../../rules/index.ts';
import { t } from '../i18n.ts';

export type LoopId = 'fix-a' | 'fix-b' | 'adversaries' | 'partnership' | 'ill-will';
export type NodeId = 'results-a' | 'results-b' | 'fix-a' | 'fix-b' | 'effort-a' | 'effort-b' | 'trust';

export interface DiagramNode {
  readonly id: NodeId;
  readonly title: string;
  readonly detail: readonly string[];
  /** Centre of the box, in diagram units. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DiagramLink {
  readonly from: NodeId;
  readonly to: NodeId;
  /** + : both move the same way; − : opposite ways. */
  readonly polarity: '+' | '−';
  readonly delay: boolean;
  /** Where along the link the delay mark sits (0 = start, 1 = end). */
  readonly delayAt: number;
  /** Sideways bulge of the curve, in diagram units (0 = straight; positive bends to the left of the direction of travel). */
  readonly bend: number;
  readonly loops: readonly LoopId[];
}

export interface DiagramLoop {
  readonly id: LoopId;
  readonly kind: 'reinforcing' | 'balancing';
  /** "R1", "B1", … */
  readonly tag: string;
  readonly name: string;
  readonly description: string;
  /** Where the loop's tag is drawn (inside the loop). */
  readonly marks: readonly { readonly x: number; readonly y: number }[];
}

export interface LoopDiagram {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DiagramNode[];
  readonly links: readonly DiagramLink[];
  readonly loops: readonly DiagramLoop[];
}

export interface LoopActivity {
  readonly id: LoopId;
  /** True when the loop drove this game. */
  readonly active: boolean;
  /** Rounds in which what sets the loop off was present. */
  readonly rounds: readonly number[];
}

/** "Dealers'" and "Maker's": the English possessive of a side's name. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

const WIDTH = 960;
const HEIGHT = 620;
/** The layout: quick fixes in the top corners, results in the middle row, effort for the partner in the bottom corners. */
const LEFT = 190;
const RIGHT = 770;
const CENTRE = 480;
const TOP = 70;
const MIDDLE = 330;
const BOTTOM = 560;
const TITLE_CHAR = 8.2;
const DETAIL_CHAR = 6.9;

function box(id: NodeId, title: string, detail: readonly string[], x: number, y: number, minWidth = 150): DiagramNode {
  const longest = Math.max(title.length * TITLE_CHAR, ...detail.map((line) => line.length * DETAIL_CHAR));
  return { id, title, detail, x, y, width: Math.max(minWidth, Math.ceil(longest + 28)), height: 30 + detail.length * 17 };
}

/** The quick fix of a side: raising what the partner wants low, cutting what it wants high. */
function fixMoves(side: SideDefinition): string[] {
  return side.decisions.flatMap((decision) => {
    if (decision.goodFaith === 'lower') return [t('debrief.raise', { decision: decision.label })];
    if (decision.goodFaith === 'higher') return [t('debrief.cut', { decision: decision.label })];
    return [];
  });
}

function effortMoves(side: SideDefinition): string[] {
  const moves = side.decisions.filter((decision) => decision.goodFaith === 'higher').map((decision) => t('debrief.raise', { decision: decision.label }));
  return moves.length > 0 ? moves : [t('debrief.node.effortDetail')];
}

/** Return the Accidental Adversaries diagram for a scenario, in its own names. */
export function accidentalAdversaries(scenario: Scenario): LoopDiagram {
  const definition = scenario.definition;
  const a = definition.sides[0]!;
  const b = definition.sides[1]!;
  const trustKpi = trustKpiOf(scenario);
  const yardstick = (side: SideDefinition) => definition.kpis.find((kpi) => kpi.side === side.id && kpi.id === side.yardstick)?.label ?? side.yardstick;
  const unit = definition.rounds.unit;

  const nodes: DiagramNode[] = [
    box('fix-a', t('debrief.node.fix', { owner: possessive(a.shortName) }), fixMoves(a), LEFT, TOP),
    box('fix-b', t('debrief.node.fix', { owner: possessive(b.shortName) }), fixMoves(b), RIGHT, TOP),
    box('results-a', t('debrief.node.results', { owner: possessive(a.shortName) }), [t('debrief.node.resultsDetail', { yardstick: yardstick(a) })], LEFT, MIDDLE),
    box('results-b', t('debrief.node.results', { owner: possessive(b.shortName) }), [t('debrief.node.resultsDetail', { yardstick: yardstick(b) })], RIGHT, MIDDLE),
    box('effort-a', t('debrief.node.effort', { owner: possessive(a.shortName) }), effortMoves(a), LEFT, BOTTOM),
    box('effort-b', t('debrief.node.effort', { owner: possessive(b.shortName) }), effortMoves(b), RIGHT, BOTTOM),
  ];
  const links: DiagramLink[] = [
    // Each side's quick fix: results slip → fix → results recover (balancing).
    { from: 'results-a', to: 'fix-a', polarity: '−', delay: false, delayAt: 0.5, bend: -48, loops: ['fix-a', 'adversaries'] },
    { from: 'fix-a', to: 'results-a', polarity: '+', delay: false, delayAt: 0.5, bend: -48, loops: ['fix-a'] },
    { from: 'results-b', to: 'fix-b', polarity: '−', delay: false, delayAt: 0.5, bend: 48, loops: ['fix-b', 'adversaries'] },
    { from: 'fix-b', to: 'results-b', polarity: '+', delay: false, delayAt: 0.5, bend: 48, loops: ['fix-b'] },
    // The side effects that cross over to the partner, after a delay (the adversaries loop).
    { from: 'fix-a', to: 'results-b', polarity: '−', delay: true, delayAt: 0.3, bend: 0, loops: ['adversaries'] },
    { from: 'fix-b', to: 'results-a', polarity: '−', delay: true, delayAt: 0.3, bend: 0, loops: ['adversaries'] },
    // The partnership engine: results fund effort for the partner, which lifts the partner's results.
    { from: 'results-a', to: 'effort-a', polarity: '+', delay: false, delayAt: 0.5, bend: 0, loops: ['partnership'] },
    { from: 'effort-a', to: 'results-b', polarity: '+', delay: true, delayAt: 0.3, bend: 0, loops: ['partnership'] },
    { from: 'results-b', to: 'effort-b', polarity: '+', delay: false, delayAt: 0.5, bend: 0, loops: ['partnership'] },
    { from: 'effort-b', to: 'results-a', polarity: '+', delay: true, delayAt: 0.3, bend: 0, loops: ['partnership'] },
  ];
  const loops: DiagramLoop[] = [
    { id: 'fix-a', kind: 'balancing', tag: 'B1', name: t('debrief.loop.fix.name', { owner: possessive(a.name) }), description: t('debrief.loop.fix.description', { owner: possessive(a.name), side: a.name, unit }), marks: [{ x: LEFT, y: (TOP + MIDDLE) / 2 + 10 }] },
    { id: 'fix-b', kind: 'balancing', tag: 'B2', name: t('debrief.loop.fix.name', { owner: possessive(b.name) }), description: t('debrief.loop.fix.description', { owner: possessive(b.name), side: b.name, unit }), marks: [{ x: RIGHT, y: (TOP + MIDDLE) / 2 + 10 }] },
    { id: 'adversaries', kind: 'reinforcing', tag: 'R1', name: t('debrief.loop.adversaries.name'), description: t('debrief.loop.adversaries.description'), marks: [{ x: CENTRE, y: TOP + 40 }] },
    { id: 'partnership', kind: 'reinforcing', tag: 'R2', name: t('debrief.loop.partnership.name'), description: t('debrief.loop.partnership.description'), marks: [{ x: CENTRE, y: BOTTOM + 10 }] },
  ];
  if (trustKpi) {
    nodes.push(box('trust', trustKpi.label, [], CENTRE, MIDDLE, 120));
    links.push(
      { from: 'fix-a', to: 'trust', polarity: '−', delay: false, delayAt: 0.5, bend: 0, loops: ['ill-will'] },
      { from: 'fix-b', to: 'trust', polarity: '−', delay: false, delayAt: 0.5, bend: 0, loops: ['ill-will'] },
      { from: 'trust', to: 'results-a', polarity: '+', delay: false, delayAt: 0.5, bend: 0, loops: ['ill-will'] },
      { from: 'trust', to: 'results-b', polarity: '+', delay: false, delayAt: 0.5, bend: 0, loops: ['ill-will'] },
    );
    loops.push({
      id: 'ill-will',
      kind: 'reinforcing',
      tag: 'R3',
      name: t('debrief.loop.ill-will.name'),
      description: t('debrief.loop.ill-will.description', { trust: trustKpi.label }),
      marks: [
        { x: LEFT + 105, y: MIDDLE - 95 },
        { x: RIGHT - 105, y: MIDDLE - 95 },
      ],
    });
  }
  return { width: WIDTH, height: HEIGHT, nodes, links, loops };
}

/**
 * Return which loops drove this game: a side's quick fix when it moved against the agreed terms;
 * the adversaries loop when both did; ill will when trust fell by 0.1 or more after a quick fix; the partnership
 * engine when both sides ended on the agreed terms with profits back at the cooperative path's.
 */
export function loopActivity(scenario: Scenario, state: GameState, analysis: DebriefAnalysis): LoopActivity[] {
  const definition = scenario.definition;
  const a = definition.sides[0]!;
  const b = definition.sides[1]!;
  const history = state.history;
  const brokeA = analysis.conduct.sides.get(a.id)?.awayRounds ?? [];
  const brokeB = analysis.conduct.sides.get(b.id)?.awayRounds ?? [];
  const both = brokeA.filter((round) => brokeB.includes(round));
  const kept = history.map((outcome) => outcome.round).filter((round) => !brokeA.includes(round) && !brokeB.includes(round));

  const tail = history.slice(-Math.min(3, history.length)).map((outcome) => outcome.round);
  const caughtUp = definition.sides.every((side) => {
    const played = analysis.played.profit.get(side.id)?.at(-1) ?? Number.NaN;
    const cooperative = analysis.cooperative.profit.get(side.id)?.at(-1) ?? Number.NaN;
    return played >= cooperative - 0.1 * Math.abs(cooperative);
  });
  const partnership = tail.every((round) => kept.includes(round)) && caughtUp;

  const activity: LoopActivity[] = [
    { id: 'fix-a', active: brokeA.length > 0, rounds: brokeA },
    { id: 'fix-b', active: brokeB.length > 0, rounds: brokeB },
    { id: 'adversaries', active: brokeA.length > 0 && brokeB.length > 0, rounds: both.length > 0 ? both : brokeA.length > 0 && brokeB.length > 0 ? [...new Set([...brokeA, ...brokeB])].sort((x, y) => x - y) : [] },
    { id: 'partnership', active: partnership, rounds: kept },
  ];
  const trustKpi = trustKpiOf(scenario);
  if (trustKpi) {
    const trust = history.map((outcome) => outcome.kpis[trustKpi.side]?.[trustKpi.id] ?? Number.NaN);
    const falling = trust.flatMap((value, i) => (i > 0 && value < trust[i - 1]! - 0.01 ? [i + 1] : []));
    let drop = 0;
    let peak = -Infinity;
    for (const value of trust) {
      peak = Math.max(peak, value);
      drop = Math.max(drop, peak - value);
    }
    // Ill will needs a quick fix to read as bad faith; a fall in trust after an event alone is not this loop.
    activity.push({ id: 'ill-will', active: drop >= 0.1 && (brokeA.length > 0 || brokeB.length > 0), rounds: falling });
  }
  return activity;
}
