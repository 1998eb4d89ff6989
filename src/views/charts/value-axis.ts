/**
 * Where a chart's value axis starts and ends, for every Chart.js chart (dashboard, debrief,
 * projector, explorer): pure, tested without a canvas. Chart.js fits the axis tightly to the data,
 * so a trust that wanders from 0.135 to 0.155 fills the whole height and noise looks dramatic,
 * and a line of zeros gets an axis from −1 to 1. Here a quantity with a declared range (a KPI's
 * `range` in game.json, "0 to 1") is drawn on that range; any other starts from zero when its
 * values are not far from it, and is never stretched to less than a quarter of its own size.
 */

export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/** Values at least this close to zero, relative to their size, are drawn from zero (the rule spreadsheets use). */
const FROM_ZERO_WITHIN = 5 / 6;
/** The narrowest axis, as a fraction of the largest absolute value: a 2 % wobble stays small. */
const MIN_RELATIVE_SPAN = 0.25;
/** Room above and below the lines, as a fraction of their spread, where the axis does not stop at zero or a declared end. */
const PADDING = 0.05;
/** About this many steps between gridlines. */
const STEPS = 5;

/** A round step for gridlines: 1, 2, 2.5 or 5 times a power of ten. */
export function niceAxisStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const rough = span / STEPS;
  const power = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / power;
  const nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 2.5 ? 2.5 : scaled <= 5 ? 5 : 10;
  return Number((nice * power).toPrecision(12));
}

function finiteExtent(values: Iterable<number | null | undefined>): ValueRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : null;
}

/** Snap both ends outwards to the gridline step, keeping ends that are already round. */
function snapped(range: ValueRange): ValueRange {
  const step = niceAxisStep(range.max - range.min);
  const round = (value: number) => Number(value.toPrecision(12));
  return { min: round(Math.floor(round(range.min / step)) * step), max: round(Math.ceil(round(range.max / step)) * step) };
}

/**
 * Return the value axis's ends for these values. With a declared range, that range, widened to
 * any value outside it; otherwise the values' own range, from zero when they lie within a sixth
 * of their size of it, at least a quarter of their size wide, padded and snapped to round steps.
 * No values, or only zeros, give 0 to 1.
 */
export function valueAxisRange(values: Iterable<number | null | undefined>, declared?: ValueRange | null): ValueRange {
  const extent = finiteExtent(values);
  if (declared && declared.max > declared.min) {
    if (!extent || (extent.min >= declared.min && extent.max <= declared.max)) return { min: declared.min, max: declared.max };
    const span = Math.max(extent.max, declared.max) - Math.min(extent.min, declared.min);
    const min = extent.min < declared.min ? extent.min - span * PADDING : declared.min;
    const max = extent.max > declared.max ? extent.max + span * PADDING : declared.max;
    return snapped({ min, max });
  }
  if (!extent || (extent.min === 0 && extent.max === 0)) return { min: 0, max: 1 };
  let { min, max } = extent;
  const fromZero = min >= 0 && min <= max * FROM_ZERO_WITHIN;
  const toZero = max <= 0 && max >= min * FROM_ZERO_WITHIN;
  if (fromZero) min = 0;
  if (toZero) max = 0;
  const size = Math.max(Math.abs(min), Math.abs(max));
  const least = size * MIN_RELATIVE_SPAN;
  if (max - min < least) {
    const centre = (min + max) / 2;
    min = centre - least / 2;
    max = centre + least / 2;
    // Widening never takes values of one sign across zero.
    if (extent.min >= 0 && min < 0) [min, max] = [0, least];
    if (extent.max <= 0 && max > 0) [min, max] = [-least, 0];
  }
  const spread = max - min;
  if (!fromZero && min !== 0) min -= spread * PADDING;
  if (!toZero && max !== 0) max += spread * PADDING;
  return snapped({ min, max });
}

/** The union of several declared ranges, or none when any of them is missing (a chart of mixed quantities). */
export function sharedRange(ranges: readonly (ValueRange | null | undefined)[]): ValueRange | null {
  if (ranges.length === 0 || ranges.some((range) => !range)) return null;
  return { min: Math.min(...ranges.map((range) => range!.min)), max: Math.max(...ranges.map((range) => range!.max)) };
}

/** A range in model units shown multiplied by `scale` (0.24 shown as 24 %). */
export function scaledRange(range: ValueRange | null | undefined, scale: number): ValueRange | null {
  if (!range) return null;
  const a = range.min * scale;
  const b = range.max * scale;
  return { min: Math.min(a, b), max: Math.max(a, b) };
}
