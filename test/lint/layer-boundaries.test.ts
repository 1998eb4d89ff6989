/**
 * The layer policy (scripts/lint/layers.json) as ESLint applies it: every layer's allowed imports
 * lint clean, and every forbidden kind of import (another layer, a file behind a barrel, a Node
 * built-in in the browser, a package a layer does not use, a value where only types may cross)
 * is an error. The cases come from the policy itself, so a layer added there is tested here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

interface Layer {
  name: string;
  paths: string[];
  entries: string[];
  imports: string[];
  typeImports?: string[];
  packages: string[];
  node: boolean;
  reads?: string[];
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { layers } = JSON.parse(readFileSync(path.join(ROOT, 'scripts/lint/layers.json'), 'utf8')) as { layers: Layer[] };
const layer = (name: string): Layer => layers.find((candidate) => candidate.name === name)!;

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** A file of the layer, one folder down so relative paths are exercised. */
const probeFile = (of: Layer): string => (of.paths[0]!.endsWith('/') ? `${of.paths[0]}probe/probe.ts` : of.paths[0]!);

/** A concrete file for a glob: `src/state/*.ts` → `src/state/probe.ts`. */
const concrete = (glob: string): string => glob.replace('**', 'probe').replace(/\*/g, 'probe');

const relativeTo = (from: string, target: string): string => {
  const relative = path.posix.relative(path.posix.dirname(from), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
};

/** The boundary errors ESLint reports for `code` as the file at `file`. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const fatal = result!.messages.filter((message) => message.fatal);
  expect(fatal).toEqual([]);
  return result!.messages.filter((message) => message.ruleId === 'layers/boundaries').map((message) => message.message);
}

const importOf = (from: string, target: string): string => `import '${relativeTo(from, target)}';\n`;

describe('allowed imports lint clean', () => {
  for (const from of layers) {
    for (const to of from.imports) {
      const entry = layer(to).entries[0];
      if (entry === undefined) continue;
      it(`${from.name} imports ${to} through ${entry}`, async () => {
        expect(await boundaryErrors(probeFile(from), importOf(probeFile(from), concrete(entry)))).toEqual([]);
      });
    }
    for (const to of from.typeImports ?? []) {
      it(`${from.name} imports types from ${to}`, async () => {
        const code = `import type { Probe } from '${relativeTo(probeFile(from), layer(to).entries[0]!)}';\nexport type { Probe };\n`;
        expect(await boundaryErrors(probeFile(from), code)).toEqual([]);
      });
    }
    for (const pkg of from.packages) {
      it(`${from.name} uses the package ${pkg}`, async () => {
        expect(await boundaryErrors(probeFile(from), `import '${concrete(pkg)}';\n`)).toEqual([]);
      });
    }
    for (const read of from.reads ?? []) {
      it(`${from.name} reads ${read}`, async () => {
        expect(await boundaryErrors(probeFile(from), importOf(probeFile(from), concrete(read)))).toEqual([]);
      });
    }
    it(`${from.name} imports its own files freely`, async () => {
      const own = from.paths[0]!.endsWith('/') ? `${from.paths[0]}other/deep/file.ts` : from.paths[0]!;
      expect(await boundaryErrors(probeFile(from), importOf(probeFile(from), own))).toEqual([]);
    });
  }
});

describe('forbidden imports are errors', () => {
  for (const from of layers) {
    for (const to of layers) {
      if (to === from || from.imports.includes(to.name)) continue;
      const target = concrete(to.entries[0] ?? probeFile(to));
      it(`${from.name} may not import ${to.name} (${target})`, async () => {
        const errors = await boundaryErrors(probeFile(from), importOf(probeFile(from), target));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`may not import the ${to.name} layer`);
      });
    }
    for (const to of from.imports) {
      const behind = `${layer(to).paths[0]}inner/probe-behind.ts`;
      it(`${from.name} may not bypass the ${to} barrel (${behind})`, async () => {
        const errors = await boundaryErrors(probeFile(from), importOf(probeFile(from), behind));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`import it through ${layer(to).entries.join(', ')}`);
      });
    }
    if (!from.node) {
      it(`${from.name} runs in the browser: no Node built-ins, with or without node:`, async () => {
        expect(await boundaryErrors(probeFile(from), `import 'node:fs';\nimport 'path';\nvoid import('node:child_process');\n`)).toHaveLength(3);
      });
    } else {
      it(`${from.name} runs in Node: built-ins are allowed`, async () => {
        expect(await boundaryErrors(probeFile(from), `import 'node:fs';\nimport 'path';\n`)).toEqual([]);
      });
    }
    const foreign = ['phaser', 'chart.js', 'zustand', '@colyseus/core', '@colyseus/sdk', 'left-pad'].filter((pkg) => !from.packages.includes(pkg));
    for (const pkg of foreign) {
      it(`${from.name} may not use the package ${pkg}`, async () => {
        const errors = await boundaryErrors(probeFile(from), `import '${pkg}/sub/path.js';\n`);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`may not use the package "${pkg}"`);
      });
    }
    it(`${from.name} may not import the tests`, async () => {
      expect(await boundaryErrors(probeFile(from), importOf(probeFile(from), 'test/helpers/scenarios.ts'))).toHaveLength(1);
    });
  }
});

describe('the cases the policy was written for', () => {
  it('only the rules import src/rules/debrief/*; others go through src/rules/index.ts', async () => {
    const code = `import { lessonsFor } from '../../rules/debrief/lessons.ts';\nexport { lessonsFor };\n`;
    expect(await boundaryErrors('src/views/debrief/mount-debrief.ts', code)).toEqual([expect.stringContaining('import it through src/rules/index.ts')]);
    expect(await boundaryErrors('src/state/workshop-compare.ts', `import '../rules/debrief/conduct.ts';\n`)).toHaveLength(1);
    expect(await boundaryErrors('src/rules/game/probe.ts', `import '../debrief/conduct.ts';\n`)).toEqual([]);
  });

  it('views reach src/state/debrief/* only through its index.ts, and their own debrief folder freely', async () => {
    expect(await boundaryErrors('src/views/debrief/probe.ts', `import '../../state/debrief/conduct-content.ts';\n`)).toHaveLength(1);
    expect(await boundaryErrors('src/views/debrief/probe.ts', `import '../../state/debrief/index.ts';\n`)).toEqual([]);
    expect(await boundaryErrors('src/views/panels/probe.ts', `import '../debrief/mount-debrief.ts';\n`)).toEqual([]);
  });

  it('a lazily loaded module is checked like a static one', async () => {
    expect(await boundaryErrors('src/main.ts', `void import('./views/workshop/mount-workshop.ts');\n`)).toEqual([]);
    expect(await boundaryErrors('src/main.ts', `void import('./views/workshop/team-screen.ts');\n`)).toHaveLength(1);
    expect(await boundaryErrors('src/views/probe.ts', `void import('phaser');\n`)).toEqual([]);
    expect(await boundaryErrors('src/views/probe.ts', `void import('../../server/src/app.ts');\n`)).toHaveLength(1);
  });

  it('only types cross from protocol into the rules', async () => {
    expect(await boundaryErrors('src/rules/game/probe.ts', `import type { TeamIntent } from '../../protocol/index.ts';\nexport type { TeamIntent };\n`)).toEqual([]);
    const value = `import { teamIntent } from '../../protocol/index.ts';\nexport { teamIntent };\n`;
    expect(await boundaryErrors('src/rules/game/probe.ts', value)).toEqual([expect.stringContaining('only `import type` from protocol')]);
  });

  it('the server uses neither the store nor the views, whatever the route', async () => {
    expect(await boundaryErrors('server/src/rooms/probe.ts', `import '../../../src/state/workshop-store.ts';\n`)).toHaveLength(1);
    expect(await boundaryErrors('server/src/probe.ts', `import '../../src/views/app.ts';\n`)).toHaveLength(1);
    expect(await boundaryErrors('server/src/probe.ts', `import 'phaser';\n`)).toHaveLength(1);
  });

  it('files in no layer (tests, tool configs) are not checked', async () => {
    expect(await boundaryErrors('test/rules/probe.test.ts', `import '../../src/rules/debrief/lessons.ts';\nimport 'node:fs';\n`)).toEqual([]);
  });
});
