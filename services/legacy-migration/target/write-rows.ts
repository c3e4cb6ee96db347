import type pg from 'pg';

import type { MappedListing } from '../mapping/outcome';
import { copyRows, type CopyValue } from './copy-rows';
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

const ListingColumns = [
  'id',
  'seller_id',
  'name',
  'description',
  'price',
  'stock',
  'price_changed',
  'listed_at',
  'legacy_uuid',
] as const;

/**
 * Insert listings whose id is still free and return the ids that were inserted. Only a canonical uuid can be
 * taken already: a derived id belongs to one source document, whose listing is written in the same
 * transaction as its provenance row, and documents with a provenance row never reach this point. So only
 * canonical ids are looked up, under the run's advisory lock, and the free listings go by COPY.
 */
export async function insertListings(client: pg.ClientBase, listings: MappedListing[]): Promise<Set<string>> {
  if (listings.length === 0) return new Set();

  const canonicalIds = listings.flatMap((listing) => (listing.canonicalUuid ? [listing.id] : []));
  const taken = await client.query<{ id: string }>(
    'SELECT id FROM marketplace_listings WHERE id = ANY($1::uuid[])',
    [canonicalIds],
  );
  const takenIds = new Set(taken.rows.map((row) => row.id));
  const free = listings.filter((listing) => !takenIds.has(listing.id));

  await copyRows(client, 'marketplace_listings', ListingColumns, free.map(listingRow));
  return new Set(free.map((listing) => listing.id));
}

function listingRow(listing: MappedListing): CopyValue[] {
  return [
    listing.id,
    listing.sellerId,
    listing.name,
    listing.description,
    listing.price,
    String(listing.stock),
    String(listing.priceChanged),
    listing.listedAt.toISOString(),
    listing.legacyUuid,
  ];
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

const ProvenanceColumns = [
  'source_collection',
  'source_id',
  'raw_bson',
  'status',
  'reason',
  'warnings',
  'date_added',
  'listing_id',
  'migration_run_id',
] as const;

/**
 * Insert provenance rows, one per source document. The rows are new by construction: the batch skipped
 * documents that already have one, and the run's advisory lock keeps other runs out.
 */
export async function insertProvenance(
  client: pg.ClientBase,
  rows: ProvenanceRow[],
  runId: string,
): Promise<void> {
  await copyRows(
    client,
    'legacy_marketplace_documents',
    ProvenanceColumns,
    rows.map((row) => [
      row.pending.document.collection,
      row.pending.document.sourceId,
      row.pending.document.raw,
      row.status,
      row.reason,
      JSON.stringify(row.pending.outcome.warnings),
      row.pending.outcome.dateAdded,
      row.listingId,
      runId,
    ]),
  );
}
