import type { DealTerm, Scenario, TermBreach } from '../../rules/index.ts';
import { formatNumber, t } from '../i18n.ts';

/** Decimals a decision's values are written with: those of its step (0.05 → 2). */
export const decimalsOf = (step: number): number => (Number.isInteger(step) ? 0 : Math.min(3, String(step).split('.')[1]?.length ?? 2));

function decisionOf(scenario: Scenario, side: string, id: string) {
  return scenario.definition.sides.find((candidate) => candidate.id === side)?.decisions.find((decision) => decision.id === id);
}

/** A decision's value as a player reads it: its option's label, or the number with the decision's decimals. */
export function valueWords(scenario: Scenario, side: string, decisionId: string, value: number): string {
  const decision = decisionOf(scenario, side, decisionId);
  if (!decision) return formatNumber(value);
  return decision.choices?.find((choice) => choice.value === value)?.label ?? `${formatNumber(value, decimalsOf(decision.step))} ${decision.unit}`;
}

/** "price to dealers at or below 100 $ per unit"; a decision made from a list by its option: "share till data at “Yes”". */
export function termWords(scenario: Scenario, term: DealTerm): string {
  const decision = decisionOf(scenario, term.side, term.decision);
  if (!decision) return `${term.side}.${term.decision}`;
  const label = decision.label.charAt(0).toLowerCase() + decision.label.slice(1);
  const choice = decision.choices?.find((option) => option.value === term.value);
  if (choice) return t('game.termChoice', { decision: label, choice: choice.label });
  return t(term.bound === 'at-most' ? 'game.termAtMost' : 'game.termAtLeast', { decision: label, value: formatNumber(term.value, decimalsOf(decision.step)), valueUnit: decision.unit });
}

/** The warning a side reads before it submits: which of its agreed terms it would break. */
export function breachWarningWords(scenario: Scenario, breach: TermBreach): string {
  return t('game.breachWarning', { round: breach.deal.agreedInRound ?? breach.deal.fromRound ?? breach.round, term: termWords(scenario, breach.term), until: breach.deal.untilRound ?? breach.round });
}

/** A broken term as everyone sees it at the reveal and in the results: who, what was agreed, what was decided. */
export function breachRecordWords(scenario: Scenario, breach: TermBreach): string {
  const side = scenario.definition.sides.find((candidate) => candidate.id === breach.side)?.name ?? breach.side;
  return t('game.breachRecord', {
    side,
    round: breach.deal.agreedInRound ?? breach.deal.fromRound ?? breach.round,
    term: termWords(scenario, breach.term),
    value: valueWords(scenario, breach.side, breach.term.decision, breach.value),
  });
}
