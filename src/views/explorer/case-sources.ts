/**
 * Each shipped case's files as text, for the explorer: its model is exported with the slider
 * values and compiled again inside the Monte Carlo worker, its game file calibrates each draw.
 */
const gameFiles = import.meta.glob<string>('../../../scenarios/*/game.json', { query: '?raw', import: 'default', eager: true });
const modelFiles = import.meta.glob<string>('../../../scenarios/*/*.xmile', { query: '?raw', import: 'default', eager: true });

export function caseSources(): Record<string, { modelSource: string; gameJson: string }> {
  const sources: Record<string, { modelSource: string; gameJson: string }> = {};
  for (const [path, gameJson] of Object.entries(gameFiles)) {
    const folder = path.replace(/\/game\.json$/, '');
    let parsed: { id?: string; model?: string };
    try {
      parsed = JSON.parse(gameJson) as { id?: string; model?: string };
    } catch {
      continue;
    }
    const modelSource = modelFiles[`${folder}/${parsed.model ?? 'model.xmile'}`];
    if (parsed.id && modelSource !== undefined) sources[parsed.id] = { modelSource, gameJson };
  }
  return sources;
}
