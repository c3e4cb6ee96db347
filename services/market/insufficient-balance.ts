import { MarketError, MarketErrorCodes } from './errors';

/** Build the error for a balance that does not cover `needed` petals, spent on `purpose`. */
export function insufficientBalance(
  userId: string,
  needed: number,
  balance: number,
  purpose: string,
): MarketError {
  return new MarketError(
    MarketErrorCodes.InsufficientBalance,
    `User ${userId} has ${balance} petals but ${purpose} costs ${needed}.`,
    {
      userMessage: `You need ${needed} petals for ${purpose}, but you have ${balance}.`,
      details: { needed, balance },
    },
  );
}
