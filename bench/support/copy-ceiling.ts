import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { mapDocument } from '../../services/legacy-migration/mapping/map-document';
import type { MappingOutcome } from '../../services/legacy-migration/mapping/outcome';
import { openFileSource } from '../../services/legacy-migration/sources/file-source';
import { encodeCopyValue, type CopyValue } from '../../services/legacy-migration/target/copy-rows';

/** The COPY input files of one fixture: the rows a migration ends with, in PostgreSQL's text format. */
export interface CopyFiles {
  users: string;
  listings: string;
  documents: string;
  documentCount: number;
}

function writeRow(stream: WriteStream, values: CopyValue[]): void {
  stream.write(`${values.map(encodeCopyValue).join('\t')}\n`);
}

/**
 * Write the rows the migration would produce for a mongodump folder as COPY files, outside any timing. Only
 * the first document of a uuid gets its listing, so COPY meets no unique violation.
 */
export async function prepareCopyFiles(dumpFolder: string, outDir: string): Promise<CopyFiles> {
  const files = {
    users: path.join(outDir, 'users.copy'),
    listings: path.join(outDir, 'listings.copy'),
    documents: path.join(outDir, 'documents.copy'),
  };
  const streams = {
    users: createWriteStream(files.users),
    listings: createWriteStream(files.listings),
    documents: createWriteStream(files.documents),
  };
  const sellers = new Set<string>();
  const listingIds = new Set<string>();
  const runId = '00000000-0000-4000-8000-000000000000';
  let documentCount = 0;

  const source = await openFileSource(dumpFolder, undefined);
  for (const collection of source.collections) {
    for await (const document of source.read(collection)) {
      documentCount += 1;
      const outcome = mapDocument(document);
      let listingId: string | null = null;
      if (outcome.kind === 'listing' && !listingIds.has(outcome.listing.id)) {
        const listing = outcome.listing;
        listingIds.add(listing.id);
        listingId = listing.id;
        if (!sellers.has(listing.sellerId)) {
          sellers.add(listing.sellerId);
          writeRow(streams.users, [listing.sellerId, listing.sellerUsername ?? null]);
        }
        writeRow(streams.listings, [
          listing.id,
          listing.sellerId,
          listing.name,
          listing.description,
          listing.price,
          String(listing.stock),
          String(listing.priceChanged),
          listing.listedAt.toISOString(),
          listing.legacyUuid,
        ]);
      }
      writeRow(streams.documents, [
        document.collection,
        document.sourceId,
        document.raw,
        listingId ? 'migrated' : 'quarantined',
        baselineReason(listingId, outcome),
        JSON.stringify(outcome.warnings),
        outcome.dateAdded,
        listingId,
        runId,
      ]);
    }
  }

  await Promise.all(Object.values(streams).map((stream) => new Promise((resolve) => stream.end(resolve))));
  return { ...files, documentCount };
}

/** Load the COPY files into an empty migrated database in one transaction and return the time it took, in ms. */
export async function loadWithCopy(databaseUrl: string, files: CopyFiles): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    await copyInto(client, 'users (id, username)', files.users);
    await copyInto(
      client,
      'marketplace_listings (id, seller_id, name, description, price, stock, price_changed, listed_at, legacy_uuid)',
      files.listings,
    );
    await copyInto(
      client,
      'legacy_marketplace_documents (source_collection, source_id, raw_bson, status, reason, warnings, date_added, listing_id, migration_run_id)',
      files.documents,
    );
    await client.query('COMMIT');
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

async function copyInto(client: pg.Client, table: string, file: string): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  await pipeline(createReadStream(file), stream);
}

// A document without a listing is quarantined: by its mapping, or as the later holder of a uuid.
function baselineReason(listingId: string | null, outcome: MappingOutcome): string | null {
  if (listingId) return null;
  if (outcome.kind === 'quarantine') return outcome.reason;
  return 'duplicate_uuid: copy baseline';
}
