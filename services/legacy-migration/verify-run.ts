import { BSON } from 'bson';
import type pg from 'pg';

import { mapDocument } from './mapping/map-document';
import type { MappedListing } from './mapping/outcome';
import { parseRawDocument } from './sources/parse-raw-document';
import { rereadKey, type LegacySource } from './sources/legacy-source';
import type { RunCounts } from './run-counts';
import type { SampledDocument } from './sample-reservoir';

/** The outcome of the end-of-run verification. */
export interface VerificationResult {
  passed: boolean;
  /** Per collection: documents at the source and provenance rows in PostgreSQL. */
  counts: Record<string, { source: number; target: number }>;
  sampleSize: number;
  /** One line per problem found, naming the document. */
  problems: string[];
}

interface StoredDocument {
  raw_bson: Buffer;
  status: string;
  migration_run_id: string;
  listing_id: string | null;
  seller_id: string | null;
  name: string | null;
  description: string | null;
  price: string | null;
  stock: number | null;
  price_changed: boolean | null;
  listed_at: Date | null;
  legacy_uuid: string | null;
}

/**
 * Check the run's work: provenance rows per collection against the source's count, then a random sample read
 * again on both sides. A sampled document must have the same bytes in both, and a listing migrated by this run
 * must hold exactly what the mapping makes of those bytes.
 */
export async function verifyRun(
  client: pg.ClientBase,
  source: LegacySource,
  counts: RunCounts,
  sample: readonly SampledDocument[],
  runId: string,
): Promise<VerificationResult> {
  const problems: string[] = [];
  const collectionCounts = await compareCounts(client, source, counts, problems);
  const reread = await source.reread(sample);
  for (const sampled of sample)
    await verifySampled(client, reread.get(rereadKey(sampled)), sampled, runId, problems);
  return { passed: problems.length === 0, counts: collectionCounts, sampleSize: sample.length, problems };
}

async function compareCounts(
  client: pg.ClientBase,
  source: LegacySource,
  counts: RunCounts,
  problems: string[],
): Promise<Record<string, { source: number; target: number }>> {
  const result: Record<string, { source: number; target: number }> = {};
  for (const collection of source.collections) {
    const sourceCount = (await source.count(collection)) ?? counts.collection(collection).sourceDocuments;
    const stored = await client.query<{ count: string }>(
      'SELECT count(*) AS count FROM legacy_marketplace_documents WHERE source_collection = $1',
      [collection],
    );
    const targetCount = Number(stored.rows[0]?.count ?? 0);
    result[collection] = { source: sourceCount, target: targetCount };
    if (sourceCount !== targetCount) {
      problems.push(
        `${collection}: the source has ${sourceCount} documents but PostgreSQL has ${targetCount} provenance rows`,
      );
    }
  }
  return result;
}

async function verifySampled(
  client: pg.ClientBase,
  raw: Buffer | undefined,
  sampled: SampledDocument,
  runId: string,
  problems: string[],
): Promise<void> {
  const label = `${sampled.collection}/${sampled.sourceId}`;
  const stored = await readStored(client, sampled);
  if (!raw) return void problems.push(`${label}: no longer found at the source`);
  if (!stored) return void problems.push(`${label}: has no provenance row`);
  if (!raw.equals(stored.raw_bson))
    return void problems.push(`${label}: the stored BSON differs from the source`);

  const outcome = mapDocument(parseRawDocument(sampled.collection, raw, sampled.locator, label));
  if (stored.status !== 'migrated' || stored.migration_run_id !== runId || outcome.kind !== 'listing') return;
  const mismatch = compareListing(outcome.listing, stored);
  if (mismatch) problems.push(`${label}: listing ${outcome.listing.id} ${mismatch}`);
}

async function readStored(
  client: pg.ClientBase,
  sampled: SampledDocument,
): Promise<StoredDocument | undefined> {
  const result = await client.query<StoredDocument>(
    `SELECT d.raw_bson, d.status, d.migration_run_id, d.listing_id, l.seller_id, l.name, l.description, l.price,
            l.stock, l.price_changed, l.listed_at, l.legacy_uuid
     FROM legacy_marketplace_documents d LEFT JOIN marketplace_listings l ON l.id = d.listing_id
     WHERE d.source_collection = $1 AND d.source_id = $2`,
    [sampled.collection, sampled.sourceId],
  );
  return result.rows[0];
}

function compareListing(expected: MappedListing, stored: StoredDocument): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['id', expected.id, stored.listing_id],
    ['seller_id', expected.sellerId, stored.seller_id],
    ['name', expected.name, stored.name],
    ['description', expected.description, stored.description],
    ['price', expected.price, stored.price],
    ['stock', expected.stock, stored.stock],
    ['price_changed', expected.priceChanged, stored.price_changed],
    ['listed_at', expected.listedAt.toISOString(), stored.listed_at?.toISOString()],
    ['legacy_uuid', expected.legacyUuid, stored.legacy_uuid],
  ];
  const different = pairs.find(([, left, right]) => left !== right);
  return different
    ? `has ${different[0]} ${BSON.EJSON.stringify(different[2] ?? null)} instead of the mapped value`
    : undefined;
}
