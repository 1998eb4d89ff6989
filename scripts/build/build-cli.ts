// Builds the command-line tool into one JavaScript file (build/cli/alliance-dynamics.mjs), so
// `npx alliance-dynamics` starts without Node stripping the types of every source file at each
// run. bin/alliance-dynamics.mjs runs this build when it is present and newer than every source
// file it was made from, and the TypeScript sources otherwise (a fresh clone before any build).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
const outDir = resolve(root, 'build/cli');
const started = Date.now();
const inputs = new Set<string>();

await build({
  configFile: false,
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'src/cli/main.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      // SheetJS is loaded with require() only when a model reads a workbook: it stays outside.
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`), '@e965/xlsx'],
      output: { format: 'es', entryFileNames: 'alliance-dynamics.mjs', codeSplitting: false },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [
    {
      name: 'record-inputs',
      load(id: string) {
        if (!id.includes('\0') && id.startsWith(root) && !id.includes('/node_modules/')) inputs.add(id);
        return null;
      },
    },
  ],
});

// What the bin compares against: every project file in the bundle, and when the bundle was made.
mkdirSync(outDir, { recursive: true });
const files = [...inputs].map((file) => relative(root, file)).sort();
for (const file of files) statSync(resolve(root, file));
writeFileSync(resolve(outDir, 'inputs.json'), `${JSON.stringify({ builtAt: started, files }, null, 1)}\n`);
console.log(`built ${relative(root, resolve(outDir, 'alliance-dynamics.mjs'))} from ${files.length} source files in ${Date.now() - started} ms (${relative(root, dirname(outDir))}/)`);
