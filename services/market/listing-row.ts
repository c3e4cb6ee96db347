import { toSafeNumber } from './numbers';
import type { Listing } from './types';

/** Columns of a listing joined with its seller's username, aliased for {@link toListing}. */
export const ListingColumns = `
  l.id, l.seller_id, u.username AS seller_name, l.name, l.description, l.price, l.stock,
  l.price_changed, l.listed_at, l.legacy_uuid IS NOT NULL AS legacy`;

/** FROM clause matching {@link ListingColumns}. */
export const ListingSource = 'marketplace_listings l JOIN users u ON u.id = l.seller_id';

/** A row selected with {@link ListingColumns}. */
export interface ListingRow {
  id: string;
  seller_id: string;
  seller_name: string | null;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  price_changed: boolean;
  listed_at: Date;
  legacy: boolean;
}

/** Convert a selected row to a {@link Listing}. */
export function toListing(row: ListingRow): Listing {
  return {
    id: row.id,
    sellerId: row.seller_id,
    sellerName: row.seller_name,
    name: row.name,
    description: row.description,
    price: toSafeNumber(row.price, 'marketplace_listings.price'),
    stock: row.stock,
    priceChanged: row.price_changed,
    listedAt: row.listed_at.toISOString(),
    legacy: row.legacy,
  };
}
