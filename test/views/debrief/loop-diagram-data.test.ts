import { describe, expect, it } from 'vitest';
import { debriefAnalysis } from '../../../src/rules/index.ts';
import { accidentalAdversaries, loopActivity, possessive, type LoopDiagram, type LoopId } from '../../../src/views/debrief/loop-diagram-data.ts';
import { scenario } from '../../helpers/scenarios.ts';
import { dealerCooperativeGame, dealerReflexGame, pgSwitchGame } from './debrief-games.ts';

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');

/** The links of one loop, in order around it; throws if they do not close into a single cycle. */
function cycle(diagram: LoopDiagram, loop: LoopId, start: string): string[] {
  const links = diagram.links.filter((link) => link.loops.includes(loop));
  const path = [start];
  let at = start;
  for (let step = 0; step < links.length; step++) {
    const next = links.find((link) => link.from === at);
    if (!next) throw new Error(`${loop}: nothing leaves ${at}`);
    at = next.to;
    path.push(at);
  }
  expect(at, loop).toBe(start);
  return path;
}

function activeLoops(activity: ReturnType<typeof loopActivity>): LoopId[] {
  return activity.filter((loop) => loop.active).map((loop) => loop.id).sort();
}

describe('accidentalAdversaries', () => {
  const diagram = accidentalAdversaries(dealer);

  it('fills the template with the scenario’s side names and decisions', () => {
    const fix = diagram.nodes.find((node) => node.id === 'fix-a')!;
    expect(fix.title).toBe("Maker's quick fix");
    expect(fix.detail).toEqual(['Price to dealers ↑', 'Dealer support ↓', 'Interest on dealer credit ↑']);
    expect(diagram.nodes.find((node) => node.id === 'results-b')!.title).toBe("Dealers' results");
    expect(diagram.nodes.find((node) => node.id === 'results-b')!.detail).toEqual(['Return on capital, profit']);
    expect(possessive('Walmart')).toBe("Walmart's");
  });

  it('closes every loop, with the polarity its kind needs (an odd number of − links makes it balancing)', () => {
    const starts: Record<LoopId, string> = { 'fix-a': 'results-a', 'fix-b': 'results-b', adversaries: 'fix-a', partnership: 'results-a', 'ill-will': 'fix-a' };
    for (const loop of diagram.loops) {
      if (loop.id === 'ill-will') continue; // two loops through trust, one per side; checked below
      cycle(diagram, loop.id, starts[loop.id]);
      const negatives = diagram.links.filter((link) => link.loops.includes(loop.id) && link.polarity === '−').length;
      expect(negatives % 2 === 1 ? 'balancing' : 'reinforcing', loop.id).toBe(loop.kind);
    }
    const illWill = diagram.links.filter((link) => link.loops.includes('ill-will'));
    expect(illWill.map((link) => `${link.from}>${link.to}${link.polarity}`).sort()).toEqual(['fix-a>trust−', 'fix-b>trust−', 'trust>results-a+', 'trust>results-b+']);
  });

  it('draws the side effects on the partner, and the effort that reaches it, with a delay', () => {
    const delayed = diagram.links.filter((link) => link.delay).map((link) => `${link.from}>${link.to}`);
    expect(delayed.sort()).toEqual(['effort-a>results-b', 'effort-b>results-a', 'fix-a>results-b', 'fix-b>results-a']);
  });

  it('keeps every box inside the drawing and apart from the others', () => {
    for (const candidate of [diagram, accidentalAdversaries(pg)]) {
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
    }
  });
});

describe('loopActivity', () => {
  it('lights both quick fixes, the adversaries loop and ill will when both sides squeezed', () => {
    const game = dealerReflexGame(dealer);
    const activity = loopActivity(dealer, game, debriefAnalysis(dealer, game));
    expect(activeLoops(activity)).toEqual(['adversaries', 'fix-a', 'fix-b', 'ill-will']);
    expect(activity.find((loop) => loop.id === 'fix-a')!.rounds).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('lights only the partnership engine when both kept the terms', () => {
    const game = dealerCooperativeGame(dealer);
    // Trust falls after the recycled line, but no quick fix made it ill will.
    expect(activeLoops(loopActivity(dealer, game, debriefAnalysis(dealer, game)))).toEqual(['partnership']);
  });

  it('lights the habit’s loops and then the partnership when P&G and Walmart switched and caught up', () => {
    const game = pgSwitchGame(pg);
    const activity = loopActivity(pg, game, debriefAnalysis(pg, game));
    expect(activeLoops(activity)).toEqual(['adversaries', 'fix-a', 'fix-b', 'partnership']);
    expect(activity.find((loop) => loop.id === 'partnership')!.rounds[0]).toBe(5);
  });
});
