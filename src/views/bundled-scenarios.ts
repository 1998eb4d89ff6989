import { loadScenario, type Scenario } from '../rules/index.ts';

/**
 * The scenarios shipped with the game, bundled at build time: every scenarios/<id>/ folder with a
 * game.json and its model. A new folder appears here without a code change.
 */
const gameFiles = import.meta.glob<string>('../../scenarios/*/game.json', { query: '?raw', import: 'default', eager: true });
const modelFiles = import.meta.glob<string>('../../scenarios/*/*.xmile', { query: '?raw', import: 'default', eager: true });

export function bundledScenarios(): { scenarios: Scenario[]; problems: string[] } {
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  for (const [path, gameJson] of Object.entries(gameFiles).sort(([a], [b]) => a.localeCompare(b))) {
    const folderPath = path.replace(/\/game\.json$/, '');
    const folder = folderPath.replace(/^.*\/scenarios\//, 'scenarios/');
    let modelName = 'model.xmile';
    try {
      modelName = (JSON.parse(gameJson) as { model?: string }).model ?? modelName;
    } catch {
      // loadScenario names the JSON problem.
    }
    const modelSource = modelFiles[`${folderPath}/${modelName}`] ?? '';
    const loaded = loadScenario({ folder, gameJson, modelSource });
    if (loaded.ok) scenarios.push(loaded.scenario);
    else problems.push(...loaded.errors);
  }
  return { scenarios, problems };
}
