import { describe, expect, it } from 'vitest';

import { wholeFromDecimalString } from '../../../services/legacy-migration/mapping/coerce-integer';
import { parseDateAdded } from '../../../services/legacy-migration/mapping/parse-date-added';

describe('wholeFromDecimalString', () => {
  it.each([
    ['12', 12n],
    ['12.000', 12n],
    ['-3', -3n],
    ['1.20E+3', 1200n],
    ['9223372036854775807', 9223372036854775807n],
    ['0E-10', 0n],
  ])('reads %s', (text, expected) => {
    expect(wholeFromDecimalString(text)).toBe(expected);
  });

  it.each(['1.5', 'NaN', 'Infinity', '1E-1', ''])('rejects %s', (text) => {
    expect(wholeFromDecimalString(text)).toBeUndefined();
  });
});

describe('parseDateAdded', () => {
  it('reads the English format as UTC', () => {
    expect(parseDateAdded('May 08, 2022 00:25:03')?.toISOString()).toBe('2022-05-08T00:25:03.000Z');
  });

  it('applies an explicit offset', () => {
    expect(parseDateAdded('2022-11-02T10:00:00+02:00')?.toISOString()).toBe('2022-11-02T08:00:00.000Z');
  });

  it('reads a naive time as UTC', () => {
    expect(parseDateAdded('2022-07-20 14:03:11.5')?.toISOString()).toBe('2022-07-20T14:03:11.500Z');
  });

  it('rejects other text', () => {
    expect(parseDateAdded('20/07/2022')).toBeUndefined();
  });
});
