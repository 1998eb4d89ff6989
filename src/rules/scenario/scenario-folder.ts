import { loadScenario, type Scenario, type ScenarioFiles } from './load-scenario.ts';

/**
 * How scenario folders are read: the caller brings the files (Node's file system for the CLI and
 * the server, the bundle Vite built for the browser, a map for a test). This is the one reader of
 * a case folder; the adapters only fetch text.
 */
export interface ScenarioFolders {
  /** The text of `scenarios/<id>/<file>`, or null when there is no such file. */
  read(id: string, file: string): string | null;
  /** The ids of the folders that hold a game.json. */
  ids(): string[];
}

/** A folder read and checked: the case, and the texts it was made from (the explorer re-exports them). */
export interface ScenarioCase {
  readonly scenario: Scenario;
  readonly files: ScenarioFiles;
}

/** `missing`: there is no such folder (as opposed to one whose files have problems). */
export type FolderResult = { readonly ok: true; readonly case: ScenarioCase } | { readonly ok: false; readonly missing: boolean; readonly errors: readonly string[] };

const FOLDER_ID = /^[a-z0-9-]+$/;
/** A model named by game.json must be a file of the case's own folder. */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._ -]*$/;

/** Reads one scenario folder: its game.json and the model file it names, both checked. */
export function readScenarioFolder(id: string, folders: ScenarioFolders): FolderResult {
  const gameJson = FOLDER_ID.test(id) ? folders.read(id, 'game.json') : null;
  if (gameJson === null) return { ok: false, missing: true, errors: [`there is no scenario "${id}"; the scenarios are: ${folders.ids().join(', ')}`] };
  const folder = `scenarios/${id}`;
  const problem = (error: string): FolderResult => ({ ok: false, missing: false, errors: [error] });
  // Broken JSON or no model named: loadScenario names the problem before it looks at the model.
  const modelName = modelNameOf(gameJson);
  if (modelName !== null && !FILE_NAME.test(modelName)) return problem(`${folder}/game.json: model: "${modelName}" is not the name of a file in the case's folder`);
  const modelSource = modelName === null ? '' : folders.read(id, modelName);
  if (modelSource === null) return problem(`${folder}/game.json: model: there is no file "${modelName}" in ${folder}`);
  const files: ScenarioFiles = { folder, gameJson, modelSource };
  const loaded = loadScenario(files);
  return loaded.ok ? { ok: true, case: { scenario: loaded.scenario, files } } : { ok: false, missing: false, errors: loaded.errors };
}

/** Reads and checks one scenario folder; throws with every problem listed. */
export function scenarioFromFolder(id: string, folders: ScenarioFolders): Scenario {
  const result = readScenarioFolder(id, folders);
  if (result.ok) return result.case.scenario;
  if (result.missing) throw new Error(result.errors[0]);
  throw new Error(`scenarios/${id} cannot be used:\n  ${result.errors.join('\n  ')}`);
}

/** Every folder, in id order: the cases that load, and the problems of those that do not. */
export function readScenarioFolders(folders: ScenarioFolders): { cases: ScenarioCase[]; problems: string[] } {
  const cases: ScenarioCase[] = [];
  const problems: string[] = [];
  for (const id of [...folders.ids()].sort()) {
    if (!FOLDER_ID.test(id)) {
      problems.push(`scenarios/${id}: a case folder's name is made of lower-case letters, digits and hyphens`);
      continue;
    }
    const result = readScenarioFolder(id, folders);
    if (result.ok) cases.push(result.case);
    else problems.push(...result.errors);
  }
  return { cases, problems };
}

/** The model file game.json names; null when the JSON does not parse or names none (the schema reports that). */
function modelNameOf(gameJson: string): string | null {
  try {
    const model = (JSON.parse(gameJson) as { model?: unknown } | null)?.model;
    return typeof model === 'string' ? model : null;
  } catch {
    return null;
  }
}
