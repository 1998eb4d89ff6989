// Number formatting and Markdown tables for the bench report.

/** 1.83, 42.3, 1,344: about three significant digits, thousands separated. */
export function fmt(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return '∞';
  const a = Math.abs(x);
  if (a < 10) return x.toFixed(2);
  if (a < 100) return x.toFixed(1);
  return Math.round(x).toLocaleString('en-US');
}

export function fmtRatio(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return `×${x < 10 ? x.toFixed(2) : x.toFixed(1)}`;
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Markdown table; columns whose header starts with a space are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const right = headers.map((h) => h.startsWith(' '));
  const heads = headers.map((h) => h.trim());
  const widths = heads.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(heads), rule, ...rows.map(line)].join('\n');
}
