import { describe, expect, it } from 'vitest';
import { readPageOptions } from '../src/page-options.ts';

describe('readPageOptions', () => {
  it('uses the automatic back end when the address names none', () => {
    expect(readPageOptions('')).toEqual({ ok: true, backend: 'auto' });
  });

  it.each(['auto', 'codegen', 'vm'] as const)('accepts ?backend=%s', (backend) => {
    expect(readPageOptions(`?backend=${backend}`)).toEqual({ ok: true, backend });
  });

  it('reports an unknown back end instead of ignoring it', () => {
    const options = readPageOptions('?backend=quantum');
    expect(options.ok).toBe(false);
    expect(!options.ok && options.problem).toContain('"quantum"');
  });
});
