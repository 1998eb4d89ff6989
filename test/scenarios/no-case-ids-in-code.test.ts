/**
 * A case is data: no source file names a shipped case's id, side id, decision id, KPI id or event
 * id. Code that did would work for the shipped cases and fail, silently or not, for a third one.
 * (tiny-supply, a test case whose ids are all different, is played through the code elsewhere.)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioIds, SCENARIOS_DIRECTORY } from '../../src/cli/read-scenario.ts';
import { KPI_ROLES, SHARED_SIDE } from '../../src/rules/index.ts';
import { worldSchema } from '../../src/rules/scenario/world-schema.ts';

/**
 * The scenario format's own words, which a case's ids may happen to share: the KPI roles
 * (`role: 'profit'`), the shared side (`side: 'alliance'`) and the world's gauges
 * (`gauges.collaboration`, pointing at a case's own KPI). Code may name these.
 */
const FORMAT_WORDS: ReadonlySet<string> = new Set([...KPI_ROLES, SHARED_SIDE, ...Object.keys(worldSchema.shape.gauges.shape)]);

/** The file without its comments, where examples may name a case. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** Every id a shipped case defines (the demo folder holds only a model). */
function caseIds(): Map<string, string> {
  const ids = new Map<string, string>();
  for (const id of scenarioIds(SCENARIOS_DIRECTORY)) {
    const game = JSON.parse(readFileSync(join(SCENARIOS_DIRECTORY, id, 'game.json'), 'utf8')) as {
      id: string;
      sides: { id: string; decisions: { id: string }[] }[];
      kpis: { id: string }[];
      events: { id: string }[];
    };
    ids.set(game.id, `the case ${id}`);
    for (const side of game.sides) {
      ids.set(side.id, `a side of ${id}`);
      for (const decision of side.decisions) ids.set(decision.id, `a decision of ${id}`);
    }
    for (const kpi of game.kpis) ids.set(kpi.id, `a KPI of ${id}`);
    for (const event of game.events) ids.set(event.id, `an event of ${id}`);
  }
  return ids;
}

describe('the code names no case', () => {
  it('has no shipped case id, side, decision, KPI or event id as a string literal in src/ or server/src/', () => {
    const ids = caseIds();
    expect(ids.size).toBeGreaterThan(20);
    const found: string[] = [];
    // The engine knows no case at all; its words are XMILE's (a conveyor's <capacity>), so it is left out.
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'server/src'))].filter((file) => !file.includes(`${join('src', 'engine')}/`));
    for (const file of files) {
      const text = code(readFileSync(file, 'utf8'));
      for (const match of text.matchAll(/(['"`])([A-Za-z][\w-]*)\1/g)) {
        const what = FORMAT_WORDS.has(match[2]!) ? undefined : ids.get(match[2]!);
        if (what) found.push(`${relative(ROOT, file)}: '${match[2]}' (${what})`);
      }
    }
    expect(found).toEqual([]);
  });
});
