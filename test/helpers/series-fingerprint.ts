import type { RunResult } from '../../src/engine/index.ts';

/** Every value of every series as the hex of its IEEE-754 bits: equal strings mean identical numbers. */
export function seriesFingerprint(result: RunResult): Record<string, string> {
  const fingerprint: Record<string, string> = {};
  for (const [id, series] of result.series) {
    const bytes = new Uint8Array(series.buffer, series.byteOffset, series.byteLength);
    let hex = '';
    for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
    fingerprint[id] = hex;
  }
  return fingerprint;
}
