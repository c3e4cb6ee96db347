import type pg from 'pg';

import type { MappedListing } from '../mapping/outcome';
import type { ProvenanceRow } from './pending-document';

/**
 * Insert or update the sellers of a batch. An existing username is replaced only by a non-null one. In a dry
 * run existing users are left alone, so the long dry-run transaction holds no lock on rows the bot may update.
 */
export async function upsertSellers(
  client: pg.ClientBase,
  listings: MappedListing[],
  dryRun: boolean,
): Promise<void> {
  const usernames = new Map<string, string | null>();
  for (const listing of listings) {
    const known = usernames.get(listing.sellerId) ?? null;
    usernames.set(listing.sellerId, listing.sellerUsername ?? known);
  }
  if (usernames.size === 0) return;

  const onConflict = dryRun
    ? 'DO NOTHING'
    : `DO UPDATE SET username = EXCLUDED.username
       WHERE EXCLUDED.username IS NOT NULL AND users.username IS DISTINCT FROM EXCLUDED.username`;
  await client.query(
    `INSERT INTO users (id, username)
     SELECT * FROM unnest($1::bigint[], $2::text[])
     ON CONFLICT (id) ${onConflict}`,
    [[...usernames.keys()], [...usernames.values()]],
  );
}

/** Insert listings whose id is still free and return the ids that were inserted. */
export async function insertListings(client: pg.ClientBase, listings: MappedListing[]): Promise<Set<string>> {
  if (listings.length === 0) return new Set();

  const result = await client.query<{ id: string }>(
    `INSERT INTO marketplace_listings
       (id, seller_id, name, description, price, stock, price_changed, listed_at, legacy_uuid)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::integer[],
                          $7::boolean[], $8::timestamptz[], $9::text[])
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      listings.map((listing) => listing.id),
      listings.map((listing) => listing.sellerId),
      listings.map((listing) => listing.name),
      listings.map((listing) => listing.description),
      listings.map((listing) => listing.price),
      listings.map((listing) => listing.stock),
      listings.map((listing) => listing.priceChanged),
      listings.map((listing) => listing.listedAt.toISOString()),
      listings.map((listing) => listing.legacyUuid),
    ],
  );
  return new Set(result.rows.map((row) => row.id));
}

/** Overwrite a listing with another document's values, when that document owns the listing's uuid. */
export async function replaceListing(client: pg.ClientBase, listing: MappedListing): Promise<void> {
  await client.query(
    `UPDATE marketplace_listings
     SET seller_id = $2, name = $3, description = $4, price = $5, stock = $6, price_changed = $7,
         listed_at = $8, legacy_uuid = $9
     WHERE id = $1`,
    [
      listing.id,
      listing.sellerId,
      listing.name,
      listing.description,
      listing.price,
      listing.stock,
      listing.priceChanged,
      listing.listedAt.toISOString(),
      listing.legacyUuid,
    ],
  );
}

/** Insert provenance rows, one per source document. */
export async function insertProvenance(
  client: pg.ClientBase,
  rows: ProvenanceRow[],
  runId: string,
): Promise<void> {
  if (rows.length === 0) return;

  await client.query(
    `INSERT INTO legacy_marketplace_documents
       (source_collection, source_id, raw_bson, status, reason, warnings, date_added, listing_id, migration_run_id)
     SELECT collection, source_id, raw, status, reason, warnings::jsonb, date_added, listing_id, $9
     FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[])
       AS batch(collection, source_id, raw, status, reason, warnings, date_added, listing_id)`,
    [
      rows.map((row) => row.pending.document.collection),
      rows.map((row) => row.pending.document.sourceId),
      rows.map((row) => row.pending.document.raw),
      rows.map((row) => row.status),
      rows.map((row) => row.reason),
      rows.map((row) => JSON.stringify(row.pending.outcome.warnings)),
      rows.map((row) => row.pending.outcome.dateAdded),
      rows.map((row) => row.listingId),
      runId,
    ],
  );
}
