import type { MarketContext, Page, PageRequest, UserRef } from './types';
import { upsertUsers } from './users';
import { validatePage, validateUser } from './validation';

/** One line of an inventory: units owned of one listing, which may since have been removed. */
export interface InventoryItem {
  listingId: string;
  name: string;
  quantity: number;
  listingRemoved: boolean;
}

/**
 * Return one page of what a user owns, largest quantity first.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER` or `_INVALID_PAGE`.
 */
export async function getInventory(
  context: MarketContext,
  user: UserRef,
  page?: PageRequest,
): Promise<Page<InventoryItem>> {
  const valid = validateUser(user);
  const { limit, offset } = validatePage(page, context.options.pageSizeMax);
  await upsertUsers(context.pool, [valid]);

  const [rows, count] = await Promise.all([
    context.pool.query<{ listing_id: string; name: string; quantity: number; removed: boolean }>(
      `SELECT i.listing_id, l.name, i.quantity, l.removed_at IS NOT NULL AS removed
       FROM inventories i JOIN marketplace_listings l ON l.id = i.listing_id
       WHERE i.user_id = $1 ORDER BY i.quantity DESC, lower(l.name), i.listing_id LIMIT $2 OFFSET $3`,
      [valid.id, limit, offset],
    ),
    context.pool.query<{ total: number }>(
      'SELECT count(*)::int AS total FROM inventories WHERE user_id = $1',
      [valid.id],
    ),
  ]);

  const items = rows.rows.map((row) => ({
    listingId: row.listing_id,
    name: row.name,
    quantity: row.quantity,
    listingRemoved: row.removed,
  }));
  return { items, total: count.rows[0]?.total ?? 0, limit, offset };
}
