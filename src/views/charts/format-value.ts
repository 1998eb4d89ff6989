const numberFormat = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

/** Format a model value for people: at most 4 significant digits. */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? numberFormat.format(value) : String(value);
}
