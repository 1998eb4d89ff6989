import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { formatNumber, messageKeys, messageTemplate, t, useRoundWords } from '../../src/views/i18n.ts';

describe('the message catalogue', () => {
  it('holds only messages that parse as ICU MessageFormat', () => {
    const broken = messageKeys().flatMap((key) => {
      try {
        new IntlMessageFormat(messageTemplate(key), 'en');
        return [];
      } catch (error) {
        return [`${key}: ${(error as Error).message}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it('writes counts of one in the singular: plurals are in the messages', () => {
    const one = t('explorer.modelSummary', { file: 'm.xmile', stocks: 1, flows: 1, auxes: 1, constants: 1, start: '0', stop: '10', units: 'years', dt: '1', method: 'Euler' });
    expect(one).toContain('1 stock, 1 flow, 1 other variable (1 constant)');
    expect(t('explorer.dominanceLoops', { count: 1 })).toBe('1 feedback loop found in the model');
    expect(t('explorer.dominanceLoops', { count: 3 })).toBe('3 feedback loops found in the model');
  });

  it('calls a round what the case on screen calls it, in every message', () => {
    useRoundWords({ unit: 'month', unitPlural: 'months' });
    expect(t('game.roundStatus', { round: 3, rounds: 12 })).toBe('Month 3 of 12');
    expect(t('game.dealRounds', { rounds: 1 })).toBe('for 1 month');
    useRoundWords({ unit: 'quarter', unitPlural: 'quarters' });
    expect(t('game.playQuarter', { round: 2 })).toBe('Play quarter 2');
    expect(t('projector.broke', { rounds: '2', roundsCount: 1 })).toBe('Broke them in quarter 2');
    // No message names a round itself: the words outside every {…} placeholder never say "quarter" or "round".
    const literal = (text: string): string => {
      let previous = '';
      let current = text;
      while (current !== previous) [previous, current] = [current, current.replace(/\{[^{}]*\}/g, '')];
      return current;
    };
    const named = messageKeys().filter((key) => /\b(quarters?|rounds?)\b/i.test(literal(messageTemplate(key))));
    expect(named).toEqual([]);
  });

  it('shows an unknown key as itself rather than a blank', () => {
    expect(t('no.such.message')).toBe('no.such.message');
  });

  it('writes numbers with a real minus sign and never as minus zero', () => {
    expect(formatNumber(-1234.5, 1)).toBe('−1,234.5');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});
