/** Functions a strategy's formulas may call: KPIs of the rounds the side has seen. */
export const STRATEGY_FUNCTIONS: ReadonlySet<string> = new Set(['last', 'first', 'previous']);
