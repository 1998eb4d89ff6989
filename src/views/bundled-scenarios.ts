import { readScenarioFolders, type ScenarioCase, type ScenarioFolders, type Scenario } from '../rules/index.ts';

/**
 * The scenarios shipped with the game, bundled at build time: every scenarios/<id>/ folder's
 * game.json and model files, read by the rules' one scenario-folder reader (the CLI and the
 * server read the same folders from disk). A new folder appears here without a code change.
 */
const gameFiles = import.meta.glob<string>('../../scenarios/*/game.json', { query: '?raw', import: 'default', eager: true });
const modelFiles = import.meta.glob<string>('../../scenarios/*/*.xmile', { query: '?raw', import: 'default', eager: true });

/** The bundle as scenario folders: `../../scenarios/<id>/<file>` → its text. */
const bundledFolders: ScenarioFolders = {
  read: (id, file) => {
    const path = `../../scenarios/${id}/${file}`;
    return Object.hasOwn(gameFiles, path) ? gameFiles[path]! : Object.hasOwn(modelFiles, path) ? modelFiles[path]! : null;
  },
  ids: () => Object.keys(gameFiles).map((path) => path.split('/').at(-2)!),
};

let read: { cases: ScenarioCase[]; problems: string[] } | undefined;

/** Every bundled case, read and checked once per page. */
export function bundledCases(): { cases: ScenarioCase[]; problems: string[] } {
  return (read ??= readScenarioFolders(bundledFolders));
}

export function bundledScenarios(): { scenarios: Scenario[]; problems: string[] } {
  const { cases, problems } = bundledCases();
  return { scenarios: cases.map((bundled) => bundled.scenario), problems };
}
