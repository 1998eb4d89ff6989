import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { formatNumber, messageKeys, messageTemplate, t } from '../../src/views/i18n.ts';

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

  it('shows an unknown key as itself rather than a blank', () => {
    expect(t('no.such.message')).toBe('no.such.message');
  });

  it('writes numbers with a real minus sign and never as minus zero', () => {
    expect(formatNumber(-1234.5, 1)).toBe('−1,234.5');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});
