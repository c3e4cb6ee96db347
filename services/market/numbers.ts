import { MarketError, MarketErrorCodes } from './errors';

/**
 * Convert a bigint column, which node-postgres returns as a string, to a JS number.
 *
 * @throws MarketError `KUMIKO_MARKET_VALUE_OUT_OF_RANGE` when the value is past 2^53 and would lose precision.
 */
export function toSafeNumber(value: string | number, column: string): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new MarketError(
      MarketErrorCodes.ValueOutOfRange,
      `Column ${column} holds ${String(value)}, which is not a whole number below 2^53.`,
      { userMessage: 'That amount is too large to handle.' },
    );
  }
  return parsed;
}
