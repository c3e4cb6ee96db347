import { ListingColumns, ListingSource, toListing, type ListingRow } from './listing-row';
import type { Listing, MarketContext, Page, PageRequest } from './types';
import { validatePage } from './validation';

/** Orders in which listings can be browsed. */
export const ListingSorts = ['newest', 'price_asc', 'price_desc', 'name'] as const;
export type ListingSort = (typeof ListingSorts)[number];

/** Input of {@link browseListings}. */
export interface BrowseRequest extends PageRequest {
  sort?: ListingSort;
  /** When false, listings with no stock left are left out. Defaults to true. */
  includeOutOfStock?: boolean;
}

// Every order ends with the id, so pages are stable when keys tie.
const OrderBy: Record<ListingSort, string> = {
  newest: 'l.listed_at DESC, l.id DESC',
  price_asc: 'l.price ASC, l.id ASC',
  price_desc: 'l.price DESC, l.id DESC',
  name: 'lower(l.name) ASC, l.id ASC',
};

/**
 * Return one page of the listings that are not removed, in the requested order (newest first by default).
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_PAGE` for a bad limit or offset.
 */
export async function browseListings(
  context: MarketContext,
  request: BrowseRequest = {},
): Promise<Page<Listing>> {
  const { limit, offset } = validatePage(request, context.options.pageSizeMax);
  const sort = request.sort ?? 'newest';
  const where =
    request.includeOutOfStock === false ? 'l.removed_at IS NULL AND l.stock > 0' : 'l.removed_at IS NULL';

  const [rows, count] = await Promise.all([
    context.pool.query<ListingRow>(
      `SELECT ${ListingColumns} FROM ${ListingSource} WHERE ${where} ORDER BY ${OrderBy[sort]} LIMIT $1 OFFSET $2`,
      [limit, offset],
    ),
    context.pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM marketplace_listings l WHERE ${where}`,
    ),
  ]);
  return { items: rows.rows.map(toListing), total: count.rows[0]?.total ?? 0, limit, offset };
}
