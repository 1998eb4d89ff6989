import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The engine has no runtime import cycles: a module in a cycle may be read half-initialised
 * (a `const` in the temporal dead zone, a function table still empty) depending on which file is
 * imported first, and the layers inside the engine stop reading in one direction. `import type`
 * and `export type` are erased and do not count; every other import or re-export of a relative
 * path does (an `import { type A }` still loads its module).
 */
const ENGINE = resolve(import.meta.dirname, '../../src/engine');

/** Relative modules each file loads at run time, as paths relative to `root`. */
function runtimeImports(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const targets: string[] = [];
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifier = statement.moduleSpecifier;
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) targets.push(join(dirname(file), specifier.text));
    }
    graph.set(file, targets.filter((target) => files.has(target)));
  }
  return graph;
}

/** Every cycle as the files along it (one per strongly connected component, Tarjan's algorithm). */
function importCycles(files: ReadonlyMap<string, string>): string[][] {
  const graph = runtimeImports(files);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  };
  for (const file of [...files.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

function engineFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.set(relative(ENGINE, path), readFileSync(path, 'utf8'));
    }
  };
  walk(ENGINE);
  return files;
}

describe('the engine\'s imports', () => {
  it('form no cycle at run time', () => {
    const files = engineFiles();
    expect(files.size).toBeGreaterThan(40);
    expect(importCycles(files)).toEqual([]);
  });

  it('the check finds a cycle through a re-export and ignores type-only imports', () => {
    const files = new Map([
      ['a.ts', "import { b } from './b.ts';\nimport type { C } from './c.ts';\nexport const a = b;"],
      ['b.ts', "export { c as b } from './c.ts';"],
      ['c.ts', "import { a, type A } from './a.ts';\nexport const c = 1;"],
      ['d.ts', "import type { a } from './e.ts';\nexport const d = 1;"],
      ['e.ts', "import { d } from './d.ts';\nexport const a = d;"],
    ]);
    expect(importCycles(files)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
