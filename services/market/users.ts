import type pg from 'pg';

import { MarketError, MarketErrorCodes } from './errors';
import { toSafeNumber } from './numbers';
import type { UserRef } from './types';

/**
 * Insert users that are new and refresh changed usernames, each in its own statement outside any transaction.
 * Running it before the operation's transaction keeps that transaction's row locks in the documented order
 * (listing, then users by id), because an upsert also locks the user row.
 */
export async function upsertUsers(pool: pg.Pool, users: readonly UserRef[]): Promise<void> {
  for (const user of users) {
    await pool.query(
      `INSERT INTO users (id, username) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username
       WHERE users.username IS DISTINCT FROM EXCLUDED.username`,
      [user.id, user.username],
    );
  }
}

/**
 * Lock users rows in ascending id order and return each balance by id. Every operation locks users in this
 * order, and after any listing row, so two transactions do not wait on each other in a cycle. The lock is
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`, because foreign-key checks of concurrent inserts (ledger rows,
 * claimed idempotency keys) take `FOR KEY SHARE` on users, which `FOR UPDATE` would wait for and deadlock on.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER` when a user does not exist.
 */
export async function lockBalances(
  client: pg.ClientBase,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const result = await client.query<{ id: string; balance: string }>(
    'SELECT id, balance FROM users WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE',
    [[...new Set(userIds)]],
  );
  const balances = new Map(result.rows.map((row) => [row.id, toSafeNumber(row.balance, 'users.balance')]));

  const missing = userIds.find((id) => !balances.has(id));
  if (missing !== undefined) {
    throw new MarketError(MarketErrorCodes.InvalidUser, `User ${missing} does not exist in users.`, {
      userMessage: 'That user could not be found.',
    });
  }
  return balances;
}

/** Add `delta` petals (negative to take) to a user's balance and return the new balance. */
export async function changeBalance(client: pg.ClientBase, userId: string, delta: number): Promise<number> {
  const result = await client.query<{ balance: string }>(
    'UPDATE users SET balance = balance + $2::bigint WHERE id = $1 RETURNING balance',
    [userId, String(delta)],
  );
  return toSafeNumber(result.rows[0]?.balance ?? '0', 'users.balance');
}
