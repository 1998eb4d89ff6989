// The bench's "Hostile and large inputs" table: each case of stress-cases.ts in a fresh process,
// its time per unit against its baseline's from the same process and run. The parent never loads
// the engine for it (a child reports when it cannot).

import { fmt } from '../lib/format.ts';
import { STRESS_KEYS, type StressResult, type StressTask, type Task } from '../lib/tasks.ts';

type RunChild = <T>(task: Task, timeoutMs: number) => Promise<{ ok: true; result: T } | { ok: false; error: string }>;

export interface StressRow {
  readonly cells: readonly string[];
  readonly target?: { readonly what: string; readonly target: string; readonly value: string; readonly pass: boolean };
  readonly failure?: string;
}

export const STRESS_HEADERS = ['input', ' measured ms', ' baseline ms', ' repeats', ' per-unit ratio', 'target', 'result'];

export async function stressRows(runChild: RunChild, quick: boolean, timeoutMs: number, progress: (text: string) => void): Promise<StressRow[]> {
  const rows: StressRow[] = [];
  for (const key of STRESS_KEYS) {
    progress(`hostile and large inputs: ${key}`);
    const task: StressTask = { kind: 'stress', key, repeats: quick ? 3 : 7, capMs: quick ? 5_000 : 20_000 };
    const reply = await runChild<StressResult>(task, timeoutMs);
    if (!reply.ok) {
      const error = reply.error.split('\n')[0]!.slice(0, 200);
      rows.push({ cells: [key, `error: ${error.slice(0, 60)}`, '', '', '', '', ''], failure: `stress ${key}: ${error}` });
      continue;
    }
    const t = reply.result;
    const ratio = t.measuredMs / t.measuredUnits / (t.baselineMs / t.baselineUnits);
    const target = `≤${t.limit}× baseline per ${t.unit}`;
    const pass = ratio <= t.limit;
    rows.push({
      cells: [t.label, fmt(t.measuredMs), fmt(t.baselineMs), String(t.repeats), `${ratio.toFixed(2)}×`, target, pass ? 'PASS' : 'FAIL'],
      target: { what: `hostile/large: ${t.label}`, target, value: `${ratio.toFixed(2)}× (${fmt(t.measuredMs)} ms vs ${fmt(t.baselineMs)} ms)`, pass },
    });
  }
  return rows;
}
