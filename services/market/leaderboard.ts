import { toSafeNumber } from './numbers';
import type { MarketContext, Page, PageRequest } from './types';
import { validatePage } from './validation';

/** One row of the leaderboard. `rank` starts at 1, and ties get consecutive ranks ordered by user id. */
export interface LeaderboardEntry {
  rank: number;
  userId: string;
  username: string | null;
  balance: number;
}

/**
 * Return one page of users by balance, richest first, served by `users_leaderboard_index`.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_PAGE`.
 */
export async function getLeaderboard(
  context: MarketContext,
  page?: PageRequest,
): Promise<Page<LeaderboardEntry>> {
  const { limit, offset } = validatePage(page, context.options.pageSizeMax);

  const [rows, count] = await Promise.all([
    context.pool.query<{ id: string; username: string | null; balance: string }>(
      'SELECT id, username, balance FROM users ORDER BY balance DESC, id LIMIT $1 OFFSET $2',
      [limit, offset],
    ),
    context.pool.query<{ total: number }>('SELECT count(*)::int AS total FROM users'),
  ]);

  const items = rows.rows.map((row, index) => ({
    rank: offset + index + 1,
    userId: row.id,
    username: row.username,
    balance: toSafeNumber(row.balance, 'users.balance'),
  }));
  return { items, total: count.rows[0]?.total ?? 0, limit, offset };
}
