/**
 * A debrief statement in words: its message from the catalogue (debrief.json), with each typed
 * parameter formatted the way people read it ($M with one decimal, a KPI's value with its own
 * decimals and unit, a percentage, round ranges with their count for the plural). The words of
 * the round ("quarter", "quarters") come from the scenario.
 */
import type { Param, Params, Statement, TermParam } from '../../rules/index.ts';
import { roundRanges } from '../charts/marked-line-chart-vm.ts';
import { formatList, formatNumber, midSentence, possessive, t, type MessageParams } from '../i18n.ts';

export interface RoundWords {
  /** "quarter" */
  readonly unit: string;
  /** "quarters" */
  readonly units: string;
}

/**
 * A unit worth writing after a value. A unit that only describes a scale ("0 to 1") says nothing
 * after the value itself ("0.72", not "0.72 0 to 1").
 */
export function unitAfterValue(unit: string): string {
  return /^\s*-?\d+(\.\d+)?\s+to\s+-?\d+(\.\d+)?\s*$/.test(unit) ? '' : unit;
}

/** "0.72", "24.0 % per year", "2.86 M cases per quarter". */
export function formatAmount(value: number, decimals: number, unit: string): string {
  const shown = unitAfterValue(unit);
  return shown ? `${formatNumber(value, decimals)} ${shown}` : formatNumber(value, decimals);
}

export function formatMoney(value: number): string {
  return `${formatNumber(value, 1)} $M`;
}

/** "price to dealers at most 100 $ per unit", "share till data: Yes". */
export function termText(term: TermParam): string {
  const decision = midSentence(term.decision);
  if (term.choice !== undefined) return t('debrief.term.choice', { decision, choice: term.choice });
  return t(term.bound === 'at-most' ? 'debrief.term.at-most' : 'debrief.term.at-least', { decision, value: formatAmount(term.value, Number.isInteger(term.value) ? 0 : 2, term.unit) });
}

/** Terms grouped by side: "Manufacturer: price … and support …; Dealers: …". */
function termsText(terms: readonly TermParam[]): string {
  const sides = [...new Set(terms.map((term) => term.side))];
  return sides.map((side) => t('debrief.term.side', { side, terms: formatList(terms.filter((term) => term.side === side).map(termText)) })).join('; ');
}

function formatParam(name: string, param: Param, out: Record<string, string | number>): void {
  if (typeof param === 'string' || typeof param === 'number') {
    out[name] = param;
    return;
  }
  switch (param.kind) {
    case 'money':
      out[name] = formatMoney(param.value);
      return;
    case 'amount':
      out[name] = formatAmount(param.value, param.decimals, param.unit);
      return;
    case 'percent':
      out[name] = `${formatNumber(param.value * 100, 0)} %`;
      return;
    case 'ratio':
      out[name] = formatNumber(param.value, 1);
      return;
    case 'rounds':
      out[name] = roundRanges(param.rounds);
      out[`${name}Count`] = param.rounds.length;
      return;
    case 'side':
      out[name] = param.name;
      out[`${name}Possessive`] = possessive(param.name);
      return;
    case 'label':
      out[name] = param.text;
      out[`${name}Lower`] = midSentence(param.text);
      return;
    case 'labels':
      out[name] = formatList(param.items.map(midSentence));
      out[`${name}Count`] = param.items.length;
      return;
    case 'terms':
      out[name] = termsText(param.terms);
      out[`${name}Count`] = param.terms.length;
      return;
  }
}

export function messageParams(params: Params, words: RoundWords): MessageParams {
  const out: Record<string, string | number> = { unit: words.unit, units: words.units };
  for (const [name, param] of Object.entries(params)) formatParam(name, param, out);
  return out;
}

export function renderStatement(statement: Statement, words: RoundWords): string {
  return t(`debrief.${statement.key}`, messageParams(statement.params, words));
}

/** Several statements as one paragraph. */
export function renderParagraph(statements: readonly Statement[], words: RoundWords): string {
  return statements.map((entry) => renderStatement(entry, words)).join(' ');
}
