import type pg from 'pg';

import { MarketError, MarketErrorCodes } from './errors';
import { ListingColumns, ListingSource, toListing, type ListingRow } from './listing-row';
import { toSafeNumber } from './numbers';
import type { Listing, MarketContext } from './types';
import { isListingId } from './validation';

/**
 * Return one listing that is not removed.
 *
 * @throws MarketError `KUMIKO_MARKET_LISTING_NOT_FOUND` when the id is malformed, unknown or removed.
 */
export async function viewListing(context: MarketContext, listingId: string): Promise<Listing> {
  if (!isListingId(listingId)) throw listingNotFound(listingId);

  const result = await context.pool.query<ListingRow>(
    `SELECT ${ListingColumns} FROM ${ListingSource} WHERE l.id = $1 AND l.removed_at IS NULL`,
    [listingId],
  );
  const row = result.rows[0];
  if (!row) throw listingNotFound(listingId);
  return toListing(row);
}

/** The lockable state of a listing, read with `FOR NO KEY UPDATE`. */
export interface LockedListing {
  id: string;
  sellerId: string;
  name: string;
  price: number;
  stock: number;
  priceChanged: boolean;
}

/**
 * Lock a listing row that is not removed and return its state.
 *
 * @throws MarketError `KUMIKO_MARKET_LISTING_NOT_FOUND` when the id is malformed, unknown or removed.
 */
export async function lockListing(client: pg.ClientBase, listingId: string): Promise<LockedListing> {
  if (!isListingId(listingId)) throw listingNotFound(listingId);

  const result = await client.query<{
    id: string;
    seller_id: string;
    name: string;
    price: string;
    stock: number;
    price_changed: boolean;
  }>(
    `SELECT id, seller_id, name, price, stock, price_changed FROM marketplace_listings
     WHERE id = $1 AND removed_at IS NULL FOR NO KEY UPDATE`,
    [listingId],
  );
  const row = result.rows[0];
  if (!row) throw listingNotFound(listingId);
  return {
    id: row.id,
    sellerId: row.seller_id,
    name: row.name,
    price: toSafeNumber(row.price, 'marketplace_listings.price'),
    stock: row.stock,
    priceChanged: row.price_changed,
  };
}

/** Build the error for a listing that is malformed, unknown or removed. */
export function listingNotFound(listingId: string): MarketError {
  return new MarketError(
    MarketErrorCodes.ListingNotFound,
    `Listing "${listingId}" does not exist or was removed. Browse or search the marketplace for a current id.`,
    { userMessage: 'That listing does not exist or is no longer on the marketplace.' },
  );
}
