import { toSafeNumber } from './numbers';
import type { MarketContext, UserRef } from './types';
import { upsertUsers } from './users';
import { validateUser } from './validation';

/**
 * Return a user's balance in petals, registering the user on first use.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER` for a malformed id.
 */
export async function getBalance(
  context: MarketContext,
  user: UserRef,
): Promise<{ userId: string; balance: number }> {
  const valid = validateUser(user);
  await upsertUsers(context.pool, [valid]);

  const result = await context.pool.query<{ balance: string }>('SELECT balance FROM users WHERE id = $1', [
    valid.id,
  ]);
  return { userId: valid.id, balance: toSafeNumber(result.rows[0]?.balance ?? '0', 'users.balance') };
}
