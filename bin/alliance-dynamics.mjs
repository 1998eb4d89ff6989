#!/usr/bin/env node
// Runs under the project's own Node 22 (npx puts node_modules/.bin first on PATH), which
// strips TypeScript types natively, so the CLI shares the engine's source with the browser.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `alliance-dynamics needs Node 22.18 or newer (this is ${process.version}). ` +
      'Run it through npx from the repository after "npm install", which uses the Node 22 the project brings.\n',
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2));
