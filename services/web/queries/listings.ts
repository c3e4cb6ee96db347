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
  total: number;
}

const ListingColumns = `
  l.id, l.name, l.description, l.price, l.stock, l.price_changed, l.listed_at,
  l.seller_id, u.username AS seller_username, count(*) OVER ()::int AS total`;

// Whitelisted ORDER BY columns: the sort name never reaches the SQL text itself.
const SortColumns = { newest: 'l.listed_at', price: 'l.price', name: 'l.name' } as const;
const DefaultOrder = { newest: 'desc', price: 'asc', name: 'asc' } as const;

/** Escape `%`, `_` and `\` so that a search term matches literally inside ILIKE '%…%'. */
export function escapeLikePattern(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** List active listings, optionally filtered by a name search, one page at a time. */
export async function listListings(
  pool: Pool,
  query: ListingsQuery,
): Promise<{ items: Listing[]; total: number }> {
  const direction = query.order ?? DefaultOrder[query.sort];
  const column = SortColumns[query.sort];
  const params: unknown[] = [query.limit, (query.page - 1) * query.limit];
  let filter = '';
  if (query.q !== undefined) {
    params.push(`%${escapeLikePattern(query.q)}%`);
    // ILIKE '%term%' is served by the trigram GIN index on name.
    filter = `AND l.name ILIKE $3 ESCAPE '\\'`;
  }

  const result = await pool.query<ListingRow>(
    `SELECT ${ListingColumns}
       FROM marketplace_listings l JOIN users u ON u.id = l.seller_id
      WHERE l.removed_at IS NULL ${filter}
      ORDER BY ${column} ${direction}, l.id ${direction}
      LIMIT $1 OFFSET $2`,
    params,
  );
  return {
    items: result.rows.map(toListing),
    total: await totalOf(result.rows, pool, filter, params.slice(2)),
  };
}

/** List a seller's active listings, newest first. */
export async function listSellerListings(
  pool: Pool,
  sellerId: string,
  page: { page: number; limit: number },
): Promise<{ items: Listing[]; total: number }> {
  const result = await pool.query<ListingRow>(
    `SELECT ${ListingColumns}
       FROM marketplace_listings l JOIN users u ON u.id = l.seller_id
      WHERE l.removed_at IS NULL AND l.seller_id = $3
      ORDER BY l.listed_at DESC, l.id DESC
      LIMIT $1 OFFSET $2`,
    [page.limit, (page.page - 1) * page.limit, sellerId],
  );
  const total = result.rows[0]?.total ?? (await countRows(pool, 'AND l.seller_id = $1', [sellerId]));
  return { items: result.rows.map(toListing), total };
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

// A page past the end has no rows to carry the window count, so the total is counted on its own.
async function totalOf(
  rows: ListingRow[],
  pool: Pool,
  filter: string,
  filterParams: unknown[],
): Promise<number> {
  if (rows[0]) return rows[0].total;
  return countRows(pool, filter.replace('$3', '$1'), filterParams);
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
