/**
 * Series colours, in order: the Okabe–Ito palette (readable with the common colour-vision
 * deficiencies), without its yellow, which is too faint on white.
 */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'] as const;

/** Return the colour of series number `index` (0-based), cycling through the palette. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? SERIES_COLORS[0];
}
