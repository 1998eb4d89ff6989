#!/usr/bin/env node
// Runs the built CLI (build/cli/alliance-dynamics.mjs, made by `npm run build`) when it is there
// and no source file it was built from has changed since; otherwise the TypeScript sources, which
// Node 22.18+ runs by stripping their types (a fresh clone works before any build, only slower to
// start). Checking the sources costs a stat per file, a few milliseconds.
import { readFileSync, statSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);

function freshBuild() {
  try {
    const root = new URL('../', import.meta.url);
    const { builtAt, files } = JSON.parse(readFileSync(new URL('build/cli/inputs.json', root), 'utf8'));
    statSync(new URL('build/cli/alliance-dynamics.mjs', root));
    return files.every((file) => statSync(new URL(file, root)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

let main;
// ALLIANCE_DYNAMICS_FROM_SOURCES=1 skips the build (the bench times both paths).
if (process.env.ALLIANCE_DYNAMICS_FROM_SOURCES !== '1' && freshBuild()) ({ main } = await import('../build/cli/alliance-dynamics.mjs'));
else {
  if (major < 22 || (major === 22 && minor < 18)) {
    process.stderr.write(
      `alliance-dynamics needs Node 22.18 or newer to run from its sources (this is ${process.version}). ` +
        'Run it through npx from the repository after "npm install", which uses the Node 22 the project brings, or run "npm run build" first.\n',
    );
    process.exit(1);
  }
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = main(process.argv.slice(2));
