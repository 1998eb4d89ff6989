import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/rules/index.ts';
import { causalLoopDiagram, possessive, type LoopDiagram } from '../../../src/views/debrief/loop-diagram-data.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');

/** Walks a loop's links from `start`; throws if they do not lead back to it in the declared order. */
function walk(diagram: LoopDiagram, path: readonly string[]): string[] {
  const visited = [path[0]!];
  for (let k = 0; k < path.length; k++) {
    const from = path[k]!;
    const to = path[(k + 1) % path.length]!;
    const link = diagram.links.find((candidate) => candidate.from === from && candidate.to === to);
    expect(link, `${from} → ${to}`).toBeDefined();
    visited.push(to);
  }
  return visited;
}

describe('the causal loop diagram comes from the scenario file', () => {
  const diagram = causalLoopDiagram(dealer)!;

  it('draws what each team watches and what it does, in the case’s own words', () => {
    expect(diagram.nodes.find((node) => node.id === 'makerSqueeze')).toMatchObject({ title: 'Squeeze the dealers', detail: ['Price to dealers ↑', 'Dealer support ↓', 'Interest on dealer credit ↑'] });
    expect(diagram.nodes.find((node) => node.id === 'dealerReturn')!.title).toBe("The dealers' return on capital");
    // Moves against the terms on top, good-faith moves below, the numbers in between.
    const y = (id: string) => diagram.nodes.find((node) => node.id === id)!.y;
    expect(y('makerSqueeze')).toBeLessThan(y('makerProfit'));
    expect(y('makerBacking')).toBeGreaterThan(y('makerProfit'));
    expect(possessive('Walmart')).toBe("Walmart's");
  });

  it('closes every declared loop along its links, the teams’ rules drawn as rules and the model’s slow effects with a delay', () => {
    for (const which of [dealer, pg]) {
      const drawn = causalLoopDiagram(which)!;
      for (const loop of which.definition.loops!.loops) {
        walk(drawn, loop.path);
        const negatives = loop.path.filter((from, k) => drawn.links.find((link) => link.from === from && link.to === loop.path[(k + 1) % loop.path.length])!.polarity === '−').length;
        expect(negatives % 2 === 1 ? 'balancing' : 'reinforcing', loop.id).toBe(loop.kind);
      }
      expect(drawn.links.filter((link) => link.rule).map((link) => `${link.from}>${link.to}`).sort()).toEqual(which.definition.loops!.rules.map((rule) => `${rule.signal}>${rule.move}`).sort());
    }
    expect(diagram.links.filter((link) => link.delay).map((link) => `${link.from}>${link.to}`).sort()).toEqual(['dealerCutback>makerProfit', 'dealerInvestment>makerProfit', 'makerBacking>dealerReturn']);
    expect(diagram.loops.map((loop) => loop.tag)).toEqual(['B1', 'B2', 'R1', 'R2', 'R3']);
  });

  it('keeps every box inside the drawing and apart from the others, and every tag apart', () => {
    for (const candidate of [diagram, causalLoopDiagram(pg)!]) {
      for (const node of candidate.nodes) {
        expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
        expect(node.x + node.width / 2).toBeLessThanOrEqual(candidate.width);
        expect(node.y - node.height / 2).toBeGreaterThanOrEqual(0);
        expect(node.y + node.height / 2).toBeLessThanOrEqual(candidate.height);
        for (const other of candidate.nodes) {
          if (other === node) continue;
          const apart = Math.abs(node.x - other.x) >= (node.width + other.width) / 2 || Math.abs(node.y - other.y) >= (node.height + other.height) / 2;
          expect(apart, `${node.id} / ${other.id}`).toBe(true);
        }
      }
      const marks = candidate.loops.flatMap((loop) => loop.marks);
      for (const mark of marks) for (const other of marks) if (other !== mark) expect(Math.hypot(mark.x - other.x, mark.y - other.y)).toBeGreaterThanOrEqual(36);
      // No tag sits on an arrow (sampled along each link's curve between the box centres).
      const byId = new Map(candidate.nodes.map((node) => [node.id, node]));
      for (const link of candidate.links) {
        const from = byId.get(link.from)!;
        const to = byId.get(link.to)!;
        const length = Math.hypot(to.x - from.x, to.y - from.y);
        const control = { x: (from.x + to.x) / 2 + ((to.y - from.y) / length) * link.bend, y: (from.y + to.y) / 2 - ((to.x - from.x) / length) * link.bend };
        for (let i = 0; i <= 40; i++) {
          const t = i / 40;
          const point = { x: (1 - t) ** 2 * from.x + 2 * (1 - t) * t * control.x + t * t * to.x, y: (1 - t) ** 2 * from.y + 2 * (1 - t) * t * control.y + t * t * to.y };
          for (const mark of marks) expect(Math.hypot(point.x - mark.x, point.y - mark.y), `${link.from}>${link.to}`).toBeGreaterThan(18);
        }
      }
    }
  });

  it('draws nothing for a case that declares no loops', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const game = JSON.parse(readFileSync(join(root, 'scenarios/dealer-alliance/game.json'), 'utf8')) as Record<string, unknown>;
    delete game['loops'];
    const loaded = loadScenario({ folder: 'scenarios/plain', gameJson: JSON.stringify(game), modelSource: readFileSync(join(root, 'scenarios/dealer-alliance/model.xmile'), 'utf8') });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(causalLoopDiagram(loaded.scenario)).toBeNull();
  });
});
