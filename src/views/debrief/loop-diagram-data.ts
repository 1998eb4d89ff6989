/**
 * The case's causal loop diagram as data, from the scenario's `loops` block: what each team
 * watches (signals, in the middle row), what it does (moves against the terms on top, moves in
 * good faith below), the teams' decision rules and the model's effects as links, and the declared
 * loops with their tags. Pure; loop-diagram-svg.ts draws it. Which loops ran in a game comes from
 * the rules (rules/debrief/people-loops.ts), not from here.
 */
import type { LoopActivity, LoopMoveDefinition, Scenario } from '../../rules/index.ts';
import { t } from '../i18n.ts';

export type { LoopActivity };
export type LoopId = string;
export type NodeId = string;

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
  /** A team's decision rule (signal → move) rather than an effect through the model. */
  readonly rule: boolean;
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

/** "Dealers'" and "Maker's": the English possessive of a side's name. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

const WIDTH = 960;
const HEIGHT = 640;
/** Columns: the first side, the shared signals, the second side; rows: moves against the terms, signals, moves in good faith. */
const LEFT = 190;
const RIGHT = 770;
const CENTRE = 480;
const TOP = 70;
const MIDDLE = 330;
const BOTTOM = 570;
const TITLE_CHAR = 8.2;
const DETAIL_CHAR = 6.9;
const STACK = 92;
const SPREAD = 175;
/** Two links between the same boxes, one each way, bend apart by this much. */
const PAIR_BEND = 46;
const TAG_CLEARANCE = 40;
const TAG_RADIUS = 18;
/** Where to try a loop's tag, from the middle of its boxes outwards. */
const TAG_OFFSETS: readonly (readonly [number, number])[] = [0, 20, 40, 60, 80, 100].flatMap((r) =>
  r === 0 ? [[0, 0] as const] : [[0, -r], [0, r], [-r, 0], [r, 0], [-r, -r], [r, -r], [-r, r], [r, r]] as const,
);

/** The path of a link as a few points (the quadratic curve the SVG draws, between the box centres). */
function curvePoints(from: DiagramNode, to: DiagramNode, bend: number): { x: number; y: number }[] {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const control = { x: (from.x + to.x) / 2 + (dy / length) * bend, y: (from.y + to.y) / 2 - (dx / length) * bend };
  return Array.from({ length: 9 }, (_, i) => {
    const t = i / 8;
    const u = 1 - t;
    return { x: u * u * from.x + 2 * u * t * control.x + t * t * to.x, y: u * u * from.y + 2 * u * t * control.y + t * t * to.y };
  });
}

function distanceToSegment(x: number, y: number, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const along = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a.x + along * dx), y - (a.y + along * dy));
}

function box(id: NodeId, title: string, detail: readonly string[], x: number, y: number, minWidth = 150): DiagramNode {
  const longest = Math.max(title.length * TITLE_CHAR, ...detail.map((line) => line.length * DETAIL_CHAR));
  return { id, title, detail, x, y, width: Math.max(minWidth, Math.ceil(longest + 28)), height: 30 + detail.length * 17 };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A move goes against good faith when it moves some decision the way the partner reads as hostile. */
function againstTerms(scenario: Scenario, move: LoopMoveDefinition): boolean {
  const side = scenario.definition.sides.find((candidate) => candidate.id === move.side);
  return Object.entries(move.decisions).some(([decisionId, direction]) => {
    const goodFaith = side?.decisions.find((decision) => decision.id === decisionId)?.goodFaith;
    return (goodFaith === 'lower' && direction === 'up') || (goodFaith === 'higher' && direction === 'down');
  });
}

/** The positions of `count` items around `centre`, `gap` apart. */
function spread(centre: number, count: number, gap: number): number[] {
  return Array.from({ length: count }, (_, i) => centre + (i - (count - 1) / 2) * gap);
}

/** The case's causal loop diagram, or null when its scenario declares no loops. */
export function causalLoopDiagram(scenario: Scenario): LoopDiagram | null {
  const definition = scenario.definition;
  const declared = definition.loops;
  if (!declared) return null;
  const [first, second] = definition.sides;
  const column = (side: string | undefined): number => (side === first?.id ? LEFT : side === second?.id ? RIGHT : CENTRE);
  const nodes: DiagramNode[] = [];

  // Signals in the middle row, stacked by column.
  const signalIds = Object.keys(declared.signals);
  const signalColumn = (id: string): number => {
    const signal = declared.signals[id]!;
    return signal.kpi && signal.kpi.side !== 'alliance' ? column(signal.kpi.side) : CENTRE;
  };
  for (const x of [LEFT, CENTRE, RIGHT]) {
    const here = signalIds.filter((id) => signalColumn(id) === x);
    const ys = spread(MIDDLE, here.length, STACK);
    here.forEach((id, i) => nodes.push(box(id, capitalised(declared.signals[id]!.label), [], x, ys[i]!, 140)));
  }

  // Moves above (against the terms) or below (good faith), spread sideways within their side's column.
  const moveIds = Object.keys(declared.moves);
  for (const x of [LEFT, CENTRE, RIGHT]) {
    for (const against of [true, false]) {
      const here = moveIds.filter((id) => column(declared.moves[id]!.side) === x && againstTerms(scenario, declared.moves[id]!) === against);
      const xs = spread(x, here.length, SPREAD);
      here.forEach((id, i) => {
        const move = declared.moves[id]!;
        const side = definition.sides.find((candidate) => candidate.id === move.side);
        const detail = Object.entries(move.decisions).map(([decisionId, direction]) => {
          const label = side?.decisions.find((decision) => decision.id === decisionId)?.label ?? decisionId;
          return t(direction === 'up' ? 'debrief.raise' : 'debrief.cut', { decision: label });
        });
        nodes.push(box(id, move.label, detail, xs[i]!, against ? TOP : BOTTOM));
      });
    }
  }

  const loopsThrough = (from: string, to: string): string[] =>
    declared.loops.filter((loop) => loop.path.some((node, k) => node === from && loop.path[(k + 1) % loop.path.length] === to)).map((loop) => loop.id);
  const pairs = new Set([...declared.rules.map((rule) => `${rule.signal}>${rule.move}`), ...declared.effects.map((effect) => `${effect.move}>${effect.signal}`)]);
  const bendFor = (from: string, to: string): number => (pairs.has(`${to}>${from}`) ? PAIR_BEND : 0);
  const sign = (polarity: '+' | '-'): '+' | '−' => (polarity === '+' ? '+' : '−');
  const links: DiagramLink[] = [
    ...declared.rules.map((rule) => ({ from: rule.signal, to: rule.move, polarity: sign(rule.polarity), delay: false, delayAt: 0.5, bend: bendFor(rule.signal, rule.move), loops: loopsThrough(rule.signal, rule.move), rule: true })),
    ...declared.effects.map((effect) => ({ from: effect.move, to: effect.signal, polarity: sign(effect.polarity), delay: effect.delayed, delayAt: 0.3, bend: bendFor(effect.move, effect.signal), loops: loopsThrough(effect.move, effect.signal), rule: false })),
  ];

  // Tags near the middle of each loop's boxes, on a spot clear of the arrows, the boxes and the other tags.
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const counts = { reinforcing: 0, balancing: 0 };
  const placed: { x: number; y: number }[] = [];
  const segments = links.map((link) => curvePoints(byId.get(link.from)!, byId.get(link.to)!, link.bend));
  const clear = (x: number, y: number): boolean =>
    nodes.every((node) => Math.abs(node.x - x) > node.width / 2 + TAG_RADIUS || Math.abs(node.y - y) > node.height / 2 + TAG_RADIUS) &&
    segments.every((points) => points.every((point, i) => i === 0 || distanceToSegment(x, y, points[i - 1]!, point) > TAG_RADIUS + 4)) &&
    placed.every((other) => Math.hypot(other.x - x, other.y - y) >= TAG_CLEARANCE) &&
    x > TAG_RADIUS && x < WIDTH - TAG_RADIUS && y > TAG_RADIUS && y < HEIGHT - TAG_RADIUS;
  const loops: DiagramLoop[] = declared.loops.map((loop) => {
    const members = [...new Set(loop.path)].map((id) => byId.get(id)!).filter(Boolean);
    const centre = { x: members.reduce((sum, node) => sum + node.x, 0) / members.length, y: members.reduce((sum, node) => sum + node.y, 0) / members.length };
    const mark = TAG_OFFSETS.map(([dx, dy]) => ({ x: centre.x + dx, y: centre.y + dy })).find((point) => clear(point.x, point.y)) ?? centre;
    placed.push(mark);
    counts[loop.kind]++;
    return { id: loop.id, kind: loop.kind, tag: `${loop.kind === 'reinforcing' ? 'R' : 'B'}${counts[loop.kind]}`, name: loop.name, description: loop.description, marks: [mark] };
  });
  return { width: WIDTH, height: HEIGHT, nodes, links, loops };
}
