import { describe, expect, it } from 'vitest';

import { describeDuration } from '../../../services/market/durations';
import { MarketErrorCodes } from '../../../services/market/errors';
import { escapeLikePattern } from '../../../services/market/search-listings';
import { validateListingName, validatePage, validateUserId } from '../../../services/market/validation';

describe('escapeLikePattern', () => {
  it('escapes wildcards and backslash', () => {
    expect(escapeLikePattern('50%_off\\now')).toBe('50\\%\\_off\\\\now');
  });

  it('keeps plain text', () => {
    expect(escapeLikePattern('Golden Sword')).toBe('Golden Sword');
  });
});

describe('describeDuration', () => {
  it.each([
    [1, '1 minute'],
    [60_000, '1 minute'],
    [61_000, '2 minutes'],
    [3_600_000, '1 hour'],
    [3_600_000 * 11 + 5 * 60_000, '11 hours and 5 minutes'],
  ])('writes %i ms', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});

describe('validation', () => {
  it('accepts a snowflake above 2^53', () => {
    expect(validateUserId('1234567890123456789')).toBe('1234567890123456789');
  });

  it.each(['0', '-1', '12a', '99999999999999999999', ''])('rejects user id %j', (id) => {
    expect(() => validateUserId(id)).toThrow(expect.objectContaining({ code: MarketErrorCodes.InvalidUser }));
  });

  it('counts name length in characters', () => {
    expect(validateListingName('🌸'.repeat(255))).toHaveLength(510);
  });

  it('defaults the page', () => {
    expect(validatePage(undefined, 50)).toEqual({ limit: 10, offset: 0 });
  });
});
