/**
 * A statement of the debrief as data: which message says it, with which parameters, and what it
 * claims about the game in a form a test can check against the analysis and against every other
 * statement (conduct per side and round, whether the played path was the cooperative one, where a
 * side ran ahead or behind, every number it quotes). The words are the message catalogue's.
 * pattern: Functional Core
 */

/** A sum of money in $M (one decimal). */
export interface Money {
  readonly kind: 'money';
  readonly value: number;
}

/** A value with its unit as the scenario declares it (a KPI's or a stock's), already display-scaled. */
export interface Amount {
  readonly kind: 'amount';
  readonly value: number;
  readonly decimals: number;
  readonly unit: string;
}

/** A fraction shown as a percentage (0.24 → 24 %). */
export interface Percent {
  readonly kind: 'percent';
  readonly value: number;
}

/** A ratio or factor (38 times as much), one decimal. */
export interface Ratio {
  readonly kind: 'ratio';
  readonly value: number;
}

/** A list of rounds, read as ranges ("7–9 and 12"); `count` is how many, for plurals. */
export interface Rounds {
  readonly kind: 'rounds';
  readonly rounds: readonly number[];
}

/** A side's name: the words also need its possessive ("Dealers'"), which is the language's business. */
export interface SideName {
  readonly kind: 'side';
  readonly name: string;
}

/** A label from the scenario (a KPI, a stock, an event): the words may need it mid-sentence ("units shipped"). */
export interface Label {
  readonly kind: 'label';
  readonly text: string;
}

/** Several labels read as a list ("warehousing cost and cost of production swings"). */
export interface LabelList {
  readonly kind: 'labels';
  readonly items: readonly string[];
}

/** A term as data: the words ("price to dealers at most 100 $ per unit") are the catalogue's. */
export interface TermParam {
  readonly side: string;
  readonly decision: string;
  readonly unit: string;
  readonly bound: 'at-most' | 'at-least';
  readonly value: number;
  /** The option's label, for a decision made from a list. */
  readonly choice?: string;
}

export interface TermList {
  readonly kind: 'terms';
  readonly terms: readonly TermParam[];
}

/** Counts, round numbers and select keys are plain numbers and strings. */
export type Param = string | number | Money | Amount | Percent | Ratio | Rounds | SideName | Label | LabelList | TermList;
export type Params = Readonly<Record<string, Param>>;

/** What a side did, as the conduct analysis names it. */
export type ConductClaim = 'kept' | 'broke' | 'no-terms' | 'away' | 'cooperative-way';

export type Claim =
  /**
   * In these rounds the side's conduct was this (`away`: broke terms or played off the baseline;
   * `cooperative-way`: the opposite). With `complete`, these are all its rounds of that conduct.
   */
  | { readonly kind: 'conduct'; readonly side: string; readonly rounds: readonly number[]; readonly conduct: ConductClaim; readonly complete?: boolean }
  /** The played path was (or was not) the cooperative path itself. */
  | { readonly kind: 'same-path'; readonly same: boolean }
  /** The side earned more (`ahead`) or less (`behind`) than on the cooperative path in these rounds; with `complete`, in no others. */
  | { readonly kind: 'versus-cooperative'; readonly side: string; readonly rounds: readonly number[]; readonly relation: 'ahead' | 'behind'; readonly complete?: boolean }
  /** A number quoted, named by what it is (`cumulative.played.maker`), so every statement quoting it must agree. */
  | { readonly kind: 'number'; readonly of: string; readonly value: number };

export interface Statement {
  /** The message key in the catalogue (debrief.json). */
  readonly key: string;
  readonly params: Params;
  readonly claims: readonly Claim[];
}

export const money = (value: number): Money => ({ kind: 'money', value });
export const percent = (value: number): Percent => ({ kind: 'percent', value });
export const ratio = (value: number): Ratio => ({ kind: 'ratio', value });
export const roundList = (rounds: readonly number[]): Rounds => ({ kind: 'rounds', rounds: [...new Set(rounds)].sort((a, b) => a - b) });
export const amount = (value: number, decimals: number, unit: string): Amount => ({ kind: 'amount', value, decimals, unit });
export const sideName = (side: { readonly name: string }): SideName => ({ kind: 'side', name: side.name });
export const label = (text: string): Label => ({ kind: 'label', text });
export const labelList = (items: readonly string[]): LabelList => ({ kind: 'labels', items });
export const termList = (terms: readonly TermParam[]): TermList => ({ kind: 'terms', terms });

export function statement(key: string, params: Params = {}, claims: readonly Claim[] = []): Statement {
  return { key, params, claims };
}

/**
 * Builds one statement: every number goes in through a method that also records the claim naming
 * it, so a statement cannot quote a number without saying what it is.
 */
export class StatementBuilder {
  private readonly claims: Claim[] = [];

  money(of: string, value: number): Money {
    this.claims.push({ kind: 'number', of, value });
    return money(value);
  }

  amount(of: string, value: number, decimals: number, unit: string): Amount {
    this.claims.push({ kind: 'number', of, value });
    return amount(value, decimals, unit);
  }

  percent(of: string, value: number): Percent {
    this.claims.push({ kind: 'number', of, value });
    return percent(value);
  }

  ratio(of: string, value: number): Ratio {
    this.claims.push({ kind: 'number', of, value });
    return ratio(value);
  }

  claim(...claims: Claim[]): this {
    this.claims.push(...claims);
    return this;
  }

  build(key: string, params: Params = {}): Statement {
    return { key, params, claims: [...this.claims] };
  }
}
