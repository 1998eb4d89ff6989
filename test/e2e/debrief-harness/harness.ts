/**
 * Test-only page: plays a game through the real rules in the browser and mounts the debrief for
 * it, so a browser test can look at the screen, check its accessibility and take screenshots.
 * `?game=dealer-reflex | dealer-cooperative | pg-switch | pg-deal | tiny-reflex`. Not part of the product build.
 */
import '../../../src/styles.css';
import dealerGame from '../../../scenarios/dealer-alliance/game.json?raw';
import dealerModel from '../../../scenarios/dealer-alliance/model.xmile?raw';
import pgGame from '../../../scenarios/pg-walmart/game.json?raw';
import pgModel from '../../../scenarios/pg-walmart/model.xmile?raw';
import { loadScenario, type GameState, type Scenario } from '../../../src/rules/index.ts';
import { mountDebrief } from '../../../src/views/debrief/mount-debrief.ts';
import { dealerCooperativeGame, dealerReflexGame, pgDealGame, pgSwitchGame, playGame } from '../../views/debrief/debrief-games.ts';
import tinyGame from '../../fixtures/scenarios/tiny-supply/game.json?raw';
import tinyModel from '../../fixtures/scenarios/tiny-supply/model.xmile?raw';

declare global {
  interface Window {
    debriefHarness: { unmount: () => void };
  }
}

function scenario(folder: string, gameJson: string, modelSource: string): Scenario {
  const loaded = loadScenario({ folder, gameJson, modelSource });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.scenario;
}

const games: Record<string, () => { scenario: Scenario; state: GameState }> = {
  'dealer-reflex': () => {
    const s = scenario('scenarios/dealer-alliance', dealerGame, dealerModel);
    return { scenario: s, state: dealerReflexGame(s) };
  },
  'dealer-cooperative': () => {
    const s = scenario('scenarios/dealer-alliance', dealerGame, dealerModel);
    return { scenario: s, state: dealerCooperativeGame(s) };
  },
  'pg-deal': () => {
    const s = scenario('scenarios/pg-walmart', pgGame, pgModel);
    return { scenario: s, state: pgDealGame(s) };
  },
  'tiny-reflex': () => {
    const s = scenario('test/fixtures/scenarios/tiny-supply', tinyGame, tinyModel);
    const reflex = (round: number) => (round >= 5 ? { supplier: { markup: 0.3, service: 0.5 }, client: { commitment: 0.6 } } : { supplier: { markup: 0.2, service: 1 }, client: { commitment: 1 } });
    return { scenario: s, state: playGame(s, [{ eventId: 'supply-shock', round: 4 }], reflex) };
  },
  'pg-switch': () => {
    const s = scenario('scenarios/pg-walmart', pgGame, pgModel);
    return { scenario: s, state: pgSwitchGame(s) };
  },
};

const root = document.getElementById('debrief-root')!;
const name = new URLSearchParams(window.location.search).get('game') ?? 'dealer-reflex';
const make = games[name];
if (!make) throw new Error(`unknown game "${name}"`);
const game = make();
window.debriefHarness = { unmount: mountDebrief(root, game) };
document.body.dataset['state'] = 'ready';
