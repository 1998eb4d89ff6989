import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { seriesFingerprint } from '../helpers/series-fingerprint.ts';

/**
 * Generated code runs a whole simulation either with every value in locals or in the memory
 * array; both, stepped or whole, must give the VM's numbers bit for bit, on every model we have.
 */
const SUITE = resolve(import.meta.dirname, '../../../shared/conformance/sdxorg');
const ROOT = resolve(import.meta.dirname, '../..');

function models(): { name: string; source: string }[] {
  const found: { name: string; source: string }[] = [];
  for (const dir of readdirSync(SUITE).sort()) {
    const path = join(SUITE, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path)) if (file.endsWith('.xmile') && !file.endsWith('_behavior.xmile')) found.push({ name: `${dir}/${file}`, source: readFileSync(join(path, file), 'utf8') });
  }
  for (const id of ['dealer-alliance', 'pg-walmart']) found.push({ name: id, source: readFileSync(join(ROOT, 'scenarios', id, 'model.xmile'), 'utf8') });
  return found;
}

describe('code generation run modes agree with the VM', () => {
  const all = models();
  it('covers the suite and the cases', () => expect(all.length).toBeGreaterThan(40));
  for (const model of all) {
    it(model.name, () => {
      const vm = compileModel(model.source, { backend: 'vm' });
      if (!vm.ok) return;
      const expected = seriesFingerprint(vm.model.run({ seed: 3 }));
      for (const codegenRun of ['locals', 'memory'] as const) {
        const compiled = compileModel(model.source, { backend: 'codegen', codegenRun });
        if (!compiled.ok) throw new Error('codegen failed where the VM compiled');
        expect(seriesFingerprint(compiled.model.run({ seed: 3 })), codegenRun).toEqual(expected);
        const sim = compiled.model.createSim({ seed: 3 });
        sim.runToEnd();
        const stepped = vm.model.outputs.map((output) => Array.from(sim.getSeries(output.id)));
        expect(stepped, `${codegenRun}, stepped`).toEqual(vm.model.outputs.map((output) => Array.from(vm.model.run({ seed: 3 }).series.get(output.id)!)));
      }
    });
  }
});
