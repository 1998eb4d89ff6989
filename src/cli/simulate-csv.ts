import { compileModel, formatModelError, type CompileOptions, type RunResult } from '../engine/index.ts';

/** CSV cells: plain numbers in shortest round-trip form; names quoted when they need it. */
function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultToCsv(result: RunResult): string {
  const lines: string[] = [['Time', ...result.outputs.map((output) => csvCell(output.label))].join(',')];
  const columns = result.outputs.map((output) => result.series.get(output.id)!);
  for (let row = 0; row < result.time.length; row++) {
    const cells = [String(result.time[row])];
    for (const column of columns) cells.push(String(column[row]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export type SimulateOutcome = { readonly ok: true; readonly csv: string; readonly warnings: readonly string[] } | { readonly ok: false; readonly messages: readonly string[] };

/** What `alliance-dynamics simulate` does, without file access: XMILE text in, CSV text out. */
export function simulateToCsv(source: string, options: CompileOptions = {}): SimulateOutcome {
  const compiled = compileModel(source, options);
  if (!compiled.ok) return { ok: false, messages: [...compiled.errors, ...compiled.warnings].map(formatModelError) };
  const result = compiled.model.run();
  return { ok: true, csv: resultToCsv(result), warnings: [...compiled.warnings, ...result.warnings].map(formatModelError) };
}
