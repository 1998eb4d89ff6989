import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debriefAnalysis, type GameState, type Scenario } from '../../src/rules/index.ts';
import { conductTimeline, crossingBetween, exitDips, openingPath, quickFixPath } from '../../src/rules/debrief/debrief-paths.ts';
import { CAUSE_KEYS, LESSON_KEYS, lessonsFor, type Lesson } from '../../src/rules/debrief/lessons.ts';
import { scenario } from '../helpers/scenarios.ts';
import { dealerCooperativeGame, dealerReflexGame, pgSwitchGame } from '../views/debrief/debrief-games.ts';

const TEMPLATES = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/locales/en/debrief.json'), 'utf8')) as Record<string, string>;

function lessons(s: Scenario, state: GameState): Lesson[] {
  return lessonsFor(s, state, debriefAnalysis(s, state));
}

function find(list: readonly Lesson[], key: Lesson['key']): Lesson {
  const lesson = list.find((candidate) => candidate.key === key);
  if (!lesson) throw new Error(`no "${key}" lesson among ${list.map((l) => l.key).join(', ')}`);
  return lesson;
}

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');
const reflexGame = dealerReflexGame(dealer);
const cooperativeGame = dealerCooperativeGame(dealer);
const switchGame = pgSwitchGame(pg);
const reflex = lessons(dealer, reflexGame);
const cooperative = lessons(dealer, cooperativeGame);
const switched = lessons(pg, switchGame);

describe('lessonsFor', () => {
  it('gives three to five lessons for each game', () => {
    for (const list of [reflex, cooperative, switched]) {
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(5);
    }
  });

  it('gives different games different lessons', () => {
    const keys = [reflex, cooperative, switched].map((list) => list.map((lesson) => lesson.key).join(','));
    expect(new Set(keys).size).toBe(3);
    expect(reflex[0]!.key).not.toBe(cooperative[0]!.key);
    expect(cooperative[0]!.key).not.toBe(switched[0]!.key);
  });

  describe('a dealer game where both sides squeeze in the downturn (quarters 7–14)', () => {
    it('opens with what the maker gained at first and what it cost by the end', () => {
      expect(reflex[0]!.key).toBe('reflex-paid-then-cost');
      expect(reflex[0]!.params).toMatchObject({ side: 'Manufacturer', aheadRounds: 4, firstAhead: 7, lastAhead: 10, crossingRound: 11 });
      // Reference check 3: 7.0 played against 18.0 on the cooperative path.
      expect(reflex[0]!.params['cumulativeGap']).toBeCloseTo(18.0 - 7.0, 0);
      expect(reflex[0]!.params['gain']).toBeGreaterThan(2.5);
    });

    it('follows the harm through the partner from the first move', () => {
      expect(find(reflex, 'harm-travelled').params).toMatchObject({ side: 'Manufacturer', partner: 'Dealers', moveRound: 7, hurtRound: 7 });
    });

    it('shows trust falling fast after the first breach and coming back slowly', () => {
      const trust = find(reflex, 'trust-fell-fast');
      expect(trust.params['low']).toBeCloseTo(0.3, 1);
      expect(trust.params['fallRounds']).toBeLessThanOrEqual(4);
      expect(trust.params['times']).toBeGreaterThan(1.5);
      expect(trust.cause).toEqual({ key: 'cause-breach', params: { side: 'Manufacturer', round: 7 } });
    });

    it('names the stocks that carried the harm, and the losses after the terms were restored', () => {
      expect(find(reflex, 'harm-carried-by-two').params['variable']).toBe('Channel Share');
      expect(find(reflex, 'damage-outlived-losses').params).toMatchObject({ side: 'Manufacturer', returnRound: 15 });
      expect(reflex.map((lesson) => lesson.key)).not.toContain('cooperation-paid');
    });
  });

  describe('a dealer game where both keep the terms through the downturn and the recycled line', () => {
    it('says that cooperation paid, with the numbers of the game and of the both-reflex shadow run', () => {
      const analysis = debriefAnalysis(dealer, cooperativeGame);
      const both = analysis.payoff.find((cell) => Object.values(cell.conduct).every((c) => c === 'reflex'))!;
      const lesson = cooperative[0]!;
      expect(lesson.key).toBe('cooperation-paid');
      expect(lesson.params['cumA']).toBeCloseTo(analysis.played.cumulativeProfit['manufacturer']!, 1);
      expect(lesson.params['reflexB']).toBeCloseTo(both.cumulativeProfit['dealers']!, 1);
      expect(lesson.params['reflexB']).toBeLessThan(lesson.params['cumB'] as number);
    });

    it('shows the yardsticks pulling apart after the recycled line (units up, return on capital down)', () => {
      const lesson = find(cooperative, 'yardsticks-diverged');
      expect(lesson.params['lastA']).toBeGreaterThan(lesson.params['firstA'] as number);
      expect(lesson.params['lastB']).toBeLessThan(lesson.params['firstB'] as number);
      expect(lesson.params).toMatchObject({ yardstickA: 'Units shipped', yardstickB: 'Return on capital', unitB: '% per year' });
    });

    it('blames the fall in trust on the event, not on the players', () => {
      const trust = find(cooperative, 'trust-fell-and-stayed');
      expect(trust.cause).toEqual({ key: 'cause-event', params: { event: 'Low-cost recycled line', round: 9 } });
      for (const key of ['reflex-paid-then-cost', 'harm-travelled', 'damage-outlived', 'damage-outlived-losses'] as const) expect(cooperative.map((l) => l.key)).not.toContain(key);
    });
  });

  describe('a P&G game that leaves the promotion habit for the alliance terms in quarter 5', () => {
    it('names the dip as the price of getting out, and when the switch paid for itself (reference check 2)', () => {
      expect(switched[0]!.key).toBe('worse-before-better-both');
      expect(switched[0]!.params).toMatchObject({ switchRound: 5, sideA: 'P&G', behindA: 2, paybackA: 8, sideB: 'Walmart', behindB: 4, paybackB: 10 });
      expect(switched[0]!.params['gainA']).toBeGreaterThan(30);
    });

    it('counts what warehousing and production swings cost on each path', () => {
      const lesson = find(switched, 'swing-costs-saved');
      expect(lesson.params['fromRound']).toBe(5);
      expect(lesson.params['habit']).toBeGreaterThan(3 * (lesson.params['played'] as number));
    });

    it('compares with the path of staying in the habit, which the dealer case does not have', () => {
      const opening = openingPath(pg, switchGame)!;
      expect(opening.cumulativeProfit['maker']).toBeCloseTo(44.4, 0);
      expect(opening.cumulativeProfit['retailer']).toBeCloseTo(7.1, 0);
      expect(openingPath(dealer, reflexGame)).toBeNull();
    });
  });

  it('has a text for every lesson and cause it gives, using only the numbers it carries', () => {
    const common = new Set(['unit', 'units']);
    for (const lesson of [...reflex, ...cooperative, ...switched].flatMap((l) => (l.cause ? [l, l.cause] : [l]))) {
      const template = TEMPLATES[`lesson.${lesson.key}`];
      expect(template, lesson.key).toBeTypeOf('string');
      for (const [, name] of template!.matchAll(/\{(\w+)\}/g)) expect(common.has(name!) || name! in lesson.params, `${lesson.key}: {${name}}`).toBe(true);
    }
  });

  describe('the helpers the debrief screen shares', () => {
    it('tells when each side moved against the terms and when it came back for good', () => {
      expect(conductTimeline(dealer, reflexGame)['manufacturer']).toEqual({ breaches: [7, 8, 9, 10, 11, 12, 13, 14], firstBreach: 7, backOnTerms: 15 });
      expect(conductTimeline(dealer, cooperativeGame)['dealers']).toEqual({ breaches: [], firstBreach: null, backOnTerms: null });
    });

    it('finds the dip of the way out of the habit against the opening path', () => {
      const analysis = debriefAnalysis(pg, switchGame);
      const dips = exitDips(pg, switchGame, analysis, openingPath(pg, switchGame));
      expect(dips.map((dip) => [dip.side, dip.switchRound, dip.behindRounds, dip.paybackRound])).toEqual([
        ['maker', 5, 2, 8],
        ['retailer', 5, 4, 10],
      ]);
      // Reference check 2: in quarter 5 the maker earns 1.28 against 2.85 on the deal path.
      expect(analysis.played.profit['maker']![4]).toBeCloseTo(1.28, 1);
      expect(exitDips(dealer, reflexGame, debriefAnalysis(dealer, reflexGame), null)).toEqual([]);
    });

    it('replays the quick fix of both sides as the payoff table’s shadow run does', () => {
      const analysis = debriefAnalysis(dealer, cooperativeGame);
      const both = analysis.payoff.find((cell) => Object.values(cell.conduct).every((c) => c === 'reflex'))!;
      expect(quickFixPath(dealer, cooperativeGame).cumulativeProfit['manufacturer']).toBeCloseTo(both.cumulativeProfit['manufacturer']!, 9);
    });

    it('compares two paths the way the analysis finds the crossing', () => {
      const analysis = debriefAnalysis(dealer, reflexGame);
      for (const crossing of analysis.crossings) {
        expect(crossingBetween(crossing.side, analysis.played.profit[crossing.side]!, analysis.cooperative.profit[crossing.side]!)).toEqual(crossing);
      }
    });
  });

  it('has a text for every lesson and cause it knows', () => {
    for (const key of [...LESSON_KEYS, ...CAUSE_KEYS]) expect(TEMPLATES[`lesson.${key}`], key).toBeTypeOf('string');
  });

  it('gives nothing for a game with no played rounds', () => {
    const empty: GameState = { ...reflexGame, history: [] };
    expect(lessonsFor(dealer, empty, debriefAnalysis(dealer, reflexGame))).toEqual([]);
  });
});
