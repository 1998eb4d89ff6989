/**
 * The value axis Chart.js actually drew, written on the canvas as data-y-min / data-y-max: the
 * browser tests read what a person sees, not what the view model asked for.
 */

/** Any Chart.js chart: only its scales are read. */
interface ScaledChart {
  readonly scales: { readonly [id: string]: { readonly min: number; readonly max: number } | undefined };
}

export function markDrawnAxis(canvas: HTMLCanvasElement, chart: ScaledChart): void {
  const y = chart.scales['y'];
  if (!y) return;
  canvas.dataset['yMin'] = String(y.min);
  canvas.dataset['yMax'] = String(y.max);
}
