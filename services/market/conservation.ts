import type pg from 'pg';

/** Result of {@link checkConservation}. Sums are decimal strings, because they may pass 2^53. */
export interface ConservationReport {
  totalBalance: string;
  minted: string;
  burned: string;
  /** True when the sum of balances equals minted minus burned and every user's balance matches the ledger. */
  balanced: boolean;
  /** Users whose balance differs from their ledger sum (received minus sent), at most 20. */
  mismatchedUsers: Array<{ userId: string; balance: string; ledgerBalance: string }>;
}

/**
 * Check that petals are conserved: the sum of all balances equals the petals ever minted (daily_reward,
 * admin_grant) minus those burned (listing_fee), and each user's balance equals the ledger's sum of what
 * they received minus what they sent. Runs in one REPEATABLE READ snapshot so concurrent writes cannot skew it.
 */
export async function checkConservation(pool: pg.Pool): Promise<ConservationReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const totals = await client.query<{ total_balance: string; minted: string; burned: string }>(
      `SELECT
         (SELECT coalesce(sum(balance), 0)::text FROM users) AS total_balance,
         (SELECT coalesce(sum(amount), 0)::text FROM ledger_entries WHERE from_user_id IS NULL) AS minted,
         (SELECT coalesce(sum(amount), 0)::text FROM ledger_entries WHERE to_user_id IS NULL) AS burned`,
    );
    const mismatches = await client.query<{ user_id: string; balance: string; ledger_balance: string }>(
      `WITH flows AS (
         SELECT to_user_id AS user_id, amount FROM ledger_entries WHERE to_user_id IS NOT NULL
         UNION ALL
         SELECT from_user_id, -amount FROM ledger_entries WHERE from_user_id IS NOT NULL
       )
       SELECT u.id AS user_id, u.balance::text AS balance, coalesce(sum(f.amount), 0)::text AS ledger_balance
       FROM users u LEFT JOIN flows f ON f.user_id = u.id
       GROUP BY u.id, u.balance HAVING u.balance <> coalesce(sum(f.amount), 0)
       ORDER BY u.id LIMIT 20`,
    );
    await client.query('COMMIT');

    const row = totals.rows[0]!;
    const mismatchedUsers = mismatches.rows.map((m) => ({
      userId: m.user_id,
      balance: m.balance,
      ledgerBalance: m.ledger_balance,
    }));
    const sumsMatch = BigInt(row.total_balance) === BigInt(row.minted) - BigInt(row.burned);
    return {
      totalBalance: row.total_balance,
      minted: row.minted,
      burned: row.burned,
      balanced: sumsMatch && mismatchedUsers.length === 0,
      mismatchedUsers,
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}
