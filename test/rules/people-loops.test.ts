/* eslint-disable @typescript-eslint/no-explicit-any -- the schema tests break fields of the JSON on purpose */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreedValue, calibrate, defaultDecisions, ledSpans, loadScenario, loopActivity, peopleLoops, peopleLoopsOfRun, playHeadless, type GameState, type RoundDecisions, type Scenario, type ScheduledEvent } from '../../src/rules/index.ts';
import { newGame, play, playRound } from '../helpers/game-driver.ts';
import { scenario } from '../helpers/scenarios.ts';

const dealer = scenario('dealer-alliance');
const pg = scenario('pg-walmart');

/** A game played through the rules by computer strategies (all seats), `rounds` long. */
function computerGame(which: Scenario, strategies: Record<string, string>, events: ScheduledEvent[], rounds: number): GameState {
  const seats = Object.fromEntries(which.definition.sides.map((side) => [side.id, { kind: 'computer' as const, strategy: strategies[side.id] ?? 'cooperative' }]));
  let state = play(which, newGame(which, { rounds, events, seats }), { type: 'startGame', actor: 'system' });
  for (let round = 1; round <= rounds; round++) state = playRound(which, state, {});
  return state;
}

const led = (state: GameState, which: Scenario) => ledSpans(peopleLoops(which, state)!);

describe('loops through people, scored over the game as played', () => {
  it('both reflexes in a downturn: the quick fixes close first, then accidental adversaries leads, at any start and game length', () => {
    for (const [downturn, rounds] of [
      [5, 20],
      [3, 12],
      [8, 16],
    ] as const) {
      const state = computerGame(dealer, { manufacturer: 'reflex', dealers: 'reflex' }, [{ eventId: 'downturn', round: downturn }], rounds);
      const analysis = peopleLoops(dealer, state)!;
      const firstMove = downturn + 2;
      // Nothing runs through the teams before they move.
      expect(analysis.led.slice(0, firstMove - 1).every((loop) => loop === null), `downturn at ${downturn}`).toBe(true);
      expect(analysis.led[firstMove - 1]).toBe('maker-fix');
      expect(analysis.closings.filter((closing) => closing.round === firstMove).map((closing) => `${closing.side}:${closing.move}:${closing.signalMoved}`).sort()).toEqual(['dealers:dealerCutback:fell', 'manufacturer:makerSqueeze:fell']);
      // Held long enough, each side's fix eats the other's results: the adversaries loop takes over.
      if (rounds - firstMove >= 6) expect(analysis.led).toContain('adversaries');
    }
  });

  it('the adversaries loop leads once the partner’s cuts carry most of the maker’s lost profit, and stops when both return to the terms', () => {
    const state = computerGame(dealer, { manufacturer: 'reflex', dealers: 'reflex' }, [{ eventId: 'downturn', round: 5 }], 20);
    expect(led(state, dealer)).toEqual([
      { loop: null, from: 1, to: 6 },
      { loop: 'maker-fix', from: 7, to: 11 },
      { loop: 'adversaries', from: 12, to: 14 },
      { loop: null, from: 15, to: 20 },
    ]);
    const activity = loopActivity(dealer, state);
    expect(activity.filter((loop) => loop.active).map((loop) => loop.id)).toEqual(['maker-fix', 'dealer-fix', 'adversaries', 'ill-will']);
    expect(activity.find((loop) => loop.id === 'maker-fix')).toMatchObject({ led: [7, 8, 9, 10, 11], closedIn: [7] });
    expect(activity.find((loop) => loop.id === 'dealer-fix')).toMatchObject({ led: [], ran: [7, 8, 9, 10, 11, 12, 13, 14], closedIn: [7] });
    expect(activity.find((loop) => loop.id === 'partnership')).toMatchObject({ active: false, ran: [] });
  });

  it('adaptive reflexes keep closing the loops round after round, and ill will runs through trust', () => {
    const state = computerGame(dealer, { manufacturer: 'reflex-rule', dealers: 'reflex-rule' }, [{ eventId: 'downturn', round: 5 }], 20);
    const analysis = peopleLoops(dealer, state)!;
    const rounds = (loop: string) => [...new Set(analysis.closings.filter((closing) => closing.loops.includes(loop)).map((closing) => closing.round))];
    expect(rounds('adversaries').length).toBeGreaterThanOrEqual(3);
    expect(rounds('ill-will').length).toBeGreaterThanOrEqual(2);
    expect(analysis.led.at(-1)).toBe('adversaries');
  });

  it('tit for tat answers the partner’s cut along the ill-will loop the round after', () => {
    const state = computerGame(dealer, { manufacturer: 'tit-for-tat', dealers: 'reflex' }, [{ eventId: 'downturn', round: 5 }], 20);
    const analysis = peopleLoops(dealer, state)!;
    expect(analysis.closings.filter((closing) => closing.side === 'manufacturer').map((closing) => `${closing.round}:${closing.signal}`)).toContain('8:trust');
  });

  it('no loop runs through teams that keep the terms, events or not', () => {
    for (const events of [[], [{ eventId: 'downturn', round: 5 }], [{ eventId: 'recycled-line', round: 9 }]]) {
      const analysis = peopleLoops(dealer, computerGame(dealer, {}, events, 20))!;
      expect(analysis.led.every((loop) => loop === null)).toBe(true);
      expect(analysis.closings).toEqual([]);
    }
  });

  it('P&G and Walmart: the habit runs the quick fixes from the first quarter; after the switch the alliance loop leads, once its dip is past', () => {
    for (const rounds of [20, 12]) {
      const state = computerGame(pg, { maker: 'promotion', retailer: 'promotion' }, [], rounds);
      const analysis = peopleLoops(pg, state)!;
      expect(analysis.led.every((loop) => loop === 'retailer-fix')).toBe(true);
      expect(analysis.loops.find((loop) => loop.id === 'adversaries')!.score.every((score) => score > 0.05)).toBe(true);
    }
    const headless = playHeadless(pg, { strategies: { maker: [{ id: 'promotion', fromRound: 1 }, { id: 'edlp', fromRound: 5 }], retailer: [{ id: 'promotion', fromRound: 1 }, { id: 'edlp', fromRound: 5 }] }, events: [] });
    const analysis = peopleLoopsOfRun(pg, { constants: calibrate(pg, {}), events: [], exit: null, decisions: headless.rounds.map((round) => round.decisions) })!;
    expect(analysis.led.slice(0, 4).every((loop) => loop === 'retailer-fix')).toBe(true);
    // Worse before better: Walmart's alliance move first costs P&G, so the loop cannot run yet.
    const allianceOnMaker = analysis.effects.find((effect) => effect.move === 'retailerAlliance' && effect.signal === 'makerProfit')!;
    expect(allianceOnMaker.reversed[4]).toBe(true);
    expect(analysis.led[4]).toBeNull();
    const firstAlliance = analysis.led.indexOf('alliance') + 1;
    expect(firstAlliance).toBeGreaterThanOrEqual(7);
    expect(analysis.led.slice(firstAlliance - 1).every((loop) => loop === 'alliance')).toBe(true);
  });

  it('reads a signal from a model variable as well as from a KPI', () => {
    const game = JSON.parse(readFileSync(join(resolve(import.meta.dirname, '../..'), 'scenarios/dealer-alliance/game.json'), 'utf8')) as Record<string, any>;
    game['loops'].signals.trust = { label: 'trust', variable: 'Trust' };
    const loaded = loadScenario({ folder: 'scenarios/variable', gameJson: JSON.stringify(game), modelSource: readFileSync(join(resolve(import.meta.dirname, '../..'), 'scenarios/dealer-alliance/model.xmile'), 'utf8') });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const state = computerGame(loaded.scenario, { manufacturer: 'reflex', dealers: 'reflex' }, [{ eventId: 'downturn', round: 5 }], 20);
    const byKpi = peopleLoops(dealer, computerGame(dealer, { manufacturer: 'reflex', dealers: 'reflex' }, [{ eventId: 'downturn', round: 5 }], 20))!;
    expect(peopleLoops(loaded.scenario, state)!.signals['trust']).toEqual(byKpi.signals['trust']);
  });
});

describe('the declared effects hold in the model', () => {
  /** Each side at its opening habit, except the move's side, which makes the move halfway to its bounds from round 1. */
  function withMove(which: Scenario, moveId: string, rounds: number): RoundDecisions[] {
    const move = which.definition.loops!.moves[moveId]!;
    return Array.from({ length: rounds }, () =>
      Object.fromEntries(
        which.definition.sides.map((side) => {
          const values = { ...defaultDecisions(side) };
          if (side.id === move.side) {
            for (const decision of side.decisions) values[decision.id] = move.from === 'habit' ? decision.default : agreedValue(decision);
            for (const [decisionId, direction] of Object.entries(move.decisions)) {
              const decision = side.decisions.find((candidate) => candidate.id === decisionId)!;
              const base = values[decisionId]!;
              values[decisionId] = base + 0.5 * ((direction === 'up' ? decision.max : decision.min) - base);
            }
          }
          return [side.id, values];
        }),
      ),
    );
  }

  for (const which of [dealer, pg]) {
    for (const effect of which.definition.loops!.effects) {
      it(`${which.definition.id}: ${effect.move} moves ${effect.signal} ${effect.polarity === '+' ? 'up' : 'down'}${effect.delayed ? ', over time' : ' at once'}`, () => {
        const analysis = peopleLoopsOfRun(which, { constants: calibrate(which, {}), events: [], exit: null, decisions: withMove(which, effect.move, 12) })!;
        const values = analysis.effects.find((candidate) => candidate.move === effect.move && candidate.signal === effect.signal)!.effect;
        const sign = effect.polarity === '+' ? 1 : -1;
        // At once: in the move's first round. Over time: taken over the game.
        const measured = effect.delayed ? values.reduce((sum, value) => sum + value, 0) : values[0]!;
        expect(Math.sign(measured)).toBe(sign);
      });
    }
  }
});

describe('the loops block is checked when the scenario loads', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dealerJson = readFileSync(join(root, 'scenarios/dealer-alliance/game.json'), 'utf8');
  const dealerModel = readFileSync(join(root, 'scenarios/dealer-alliance/model.xmile'), 'utf8');
  function errors(change: (loops: Record<string, any>) => void): string[] {
    const game = JSON.parse(dealerJson) as Record<string, any>;
    change(game['loops']);
    const result = loadScenario({ folder: 'scenarios/broken', gameJson: JSON.stringify(game), modelSource: dealerModel });
    return result.ok ? [] : [...result.errors];
  }
  it('names the loop whose signs do not make its kind, and links that no rule or effect declares', () => {
    expect(errors((loops) => (loops.loops[0].kind = 'reinforcing'))).toContain('scenarios/broken/game.json: loops.loops.0.kind: the signs of its links make it balancing, not reinforcing');
    expect(errors((loops) => (loops.loops[2].path = ['makerProfit', 'makerSqueeze', 'trust', 'dealerInvestment']))).toContain('scenarios/broken/game.json: loops.loops.2.path.2: no rule says that "dealerInvestment" answers "trust"');
    expect(errors((loops) => (loops.moves.makerSqueeze.decisions = { dealerPrise: 'up' }))).toContain('scenarios/broken/game.json: loops.moves.makerSqueeze.decisions.dealerPrise: "dealerPrise" is not a decision of manufacturer');
    expect(errors((loops) => (loops.signals.trust = { label: 'trust', variable: 'Trusst' }))).toContain('scenarios/broken/game.json: loops.signals.trust.variable: "Trusst" is not a variable of the model');
    expect(errors((loops) => (loops.signals.trust = { label: 'trust', kpi: { side: 'alliance', kpi: 'trusst' } }))).toContain('scenarios/broken/game.json: loops.signals.trust.kpi.kpi: "trusst" is not a KPI of alliance');
  });
});
