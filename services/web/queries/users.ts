import type { Pool } from 'pg';

/** The public fields of a user. */
export interface UserProfile {
  id: string;
  username: string | null;
  createdAt: Date;
  /** Competition rank by balance: 1 + the number of users with a higher balance. */
  rank: number;
  balance: string;
}

/** A leaderboard row. */
export interface LeaderboardEntry {
  rank: number;
  id: string;
  username: string | null;
  balance: string;
}

/** Find a user's public profile, or undefined. */
export async function findUserProfile(pool: Pool, id: string): Promise<UserProfile | undefined> {
  const result = await pool.query<UserProfile>(
    `SELECT u.id, u.username, u.created_at AS "createdAt", u.balance,
            (SELECT count(*) FROM users o WHERE o.balance > u.balance)::int + 1 AS rank
       FROM users u
      WHERE u.id = $1`,
    [id],
  );
  return result.rows[0];
}

/** List users by balance, highest first, with their rank; ties keep the order of user id. */
export async function listLeaderboard(
  pool: Pool,
  page: { page: number; limit: number },
): Promise<{ items: LeaderboardEntry[]; total: number }> {
  const [rows, count] = await Promise.all([
    pool.query<LeaderboardEntry>(
      `SELECT rank() OVER (ORDER BY balance DESC)::int AS rank, id, username, balance
         FROM users
        ORDER BY balance DESC, id
        LIMIT $1 OFFSET $2`,
      [page.limit, (page.page - 1) * page.limit],
    ),
    pool.query<{ total: number }>('SELECT count(*)::int AS total FROM users'),
  ]);
  return { items: rows.rows, total: count.rows[0]?.total ?? 0 };
}
