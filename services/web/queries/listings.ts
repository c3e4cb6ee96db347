import type { Pool } from 'pg';

import type { ListingsQuery } from '../schemas/listings';

/** A listing as the API returns it. Prices stay strings because they are bigint. */
export interface Listing {
  id: string;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  priceChanged: boolean;
  listedAt: Date;
  seller: { id: string; username: string | null };
}

interface ListingRow {
  id: string;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  price_changed: boolean;
  listed_at: Date;
  seller_id: string;
  seller_username: string | null;
}

const ListingColumns = `
  l.id, l.name, l.description, l.price, l.stock, l.price_changed, l.listed_at,
  l.seller_id, u.username AS seller_username`;

// Whitelisted ORDER BY columns: the sort name never reaches the SQL text itself.
const SortColumns = { newest: 'l.listed_at', price: 'l.price', name: 'l.name' } as const;
const DefaultOrder = { newest: 'desc', price: 'asc', name: 'asc' } as const;

/** Escape `%`, `_` and `\` so that a search term matches literally inside ILIKE '%…%'. */
export function escapeLikePattern(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * List active listings, optionally filtered by a name search, one page at a time. The page and the total are
 * two queries, because a window count would make PostgreSQL read every matching row before the LIMIT.
 */
export async function listListings(
  pool: Pool,
  query: ListingsQuery,
): Promise<{ items: Listing[]; total: number }> {
  const direction = query.order ?? DefaultOrder[query.sort];
  // The id breaks ties in the opposite direction, which matches the (listed_at DESC, id) index read either way.
  const tieBreak = direction === 'desc' ? 'asc' : 'desc';
  const filterParams: unknown[] = [];
  let filter = '';
  if (query.q !== undefined) {
    filterParams.push(`%${escapeLikePattern(query.q)}%`);
    // The trigram GIN index on name can serve ILIKE '%term%'; on small tables the planner prefers a scan.
    filter = `AND l.name ILIKE $1 ESCAPE '\\'`;
  }

  const [page, total] = await Promise.all([
    pool.query<ListingRow>({
      // A named query is prepared once per connection, which skips planning on later calls.
      name: `listings_${query.sort}_${direction}_${query.q === undefined ? 'all' : 'search'}`,
      text: `SELECT ${ListingColumns}
         FROM marketplace_listings l JOIN users u ON u.id = l.seller_id
        WHERE l.removed_at IS NULL ${filter}
        ORDER BY ${SortColumns[query.sort]} ${direction}, l.id ${tieBreak}
        LIMIT $${filterParams.length + 1} OFFSET $${filterParams.length + 2}`,
      values: [...filterParams, query.limit, (query.page - 1) * query.limit],
    }),
    countRows(pool, filter, filterParams),
  ]);
  return { items: page.rows.map(toListing), total };
}

/** List a seller's active listings, newest first. */
export async function listSellerListings(
  pool: Pool,
  sellerId: string,
  page: { page: number; limit: number },
): Promise<{ items: Listing[]; total: number }> {
  const [rows, total] = await Promise.all([
    pool.query<ListingRow>(
      `SELECT ${ListingColumns}
         FROM marketplace_listings l JOIN users u ON u.id = l.seller_id
        WHERE l.removed_at IS NULL AND l.seller_id = $1
        ORDER BY l.listed_at DESC, l.id
        LIMIT $2 OFFSET $3`,
      [sellerId, page.limit, (page.page - 1) * page.limit],
    ),
    countRows(pool, 'AND l.seller_id = $1', [sellerId]),
  ]);
  return { items: rows.rows.map(toListing), total };
}

/** Find one active listing by id, or undefined. */
export async function findListing(pool: Pool, id: string): Promise<Listing | undefined> {
  const result = await pool.query<ListingRow>(
    `SELECT ${ListingColumns}
       FROM marketplace_listings l JOIN users u ON u.id = l.seller_id
      WHERE l.id = $1 AND l.removed_at IS NULL`,
    [id],
  );
  const row = result.rows[0];
  return row ? toListing(row) : undefined;
}

async function countRows(pool: Pool, filter: string, params: unknown[]): Promise<number> {
  const result = await pool.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM marketplace_listings l WHERE l.removed_at IS NULL ${filter}`,
    params,
  );
  return result.rows[0]?.total ?? 0;
}

function toListing(row: ListingRow): Listing {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: row.price,
    stock: row.stock,
    priceChanged: row.price_changed,
    listedAt: row.listed_at,
    seller: { id: row.seller_id, username: row.seller_username },
  };
}
