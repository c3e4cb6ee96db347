import type pg from 'pg';

import type { MappedListing } from '../mapping/outcome';
import { RunCounts } from '../run-counts';
import { compareSourceOrder, sourceKey, type PendingDocument, type ProvenanceRow } from './pending-document';
import { resolveUuidConflict } from './resolve-uuid-conflict';
import { insertListings, insertProvenance, upsertSellers } from './write-rows';

/** Options of {@link writeBatch}. */
export interface WriteBatchOptions {
  runId: string;
  dryRun: boolean;
}

/**
 * Write one batch inside the caller's transaction: skip documents that already have a provenance row, upsert
 * the sellers, insert the listings, settle uuid conflicts, and write one provenance row per new document.
 *
 * @returns The batch's counts, which the caller adds to the run's once the transaction commits.
 */
export async function writeBatch(
  client: pg.ClientBase,
  batch: PendingDocument[],
  options: WriteBatchOptions,
): Promise<RunCounts> {
  const counts = new RunCounts();
  const fresh = await skipAlreadyMigrated(client, batch, counts);

  const migrating = fresh.filter((pending) => pending.outcome.kind === 'listing').sort(compareSourceOrder);
  const listings = migrating.map(listingOf);
  await upsertSellers(client, listings, options.dryRun);

  const { firstClaims, laterClaims } = splitByListingId(migrating);
  const inserted = await insertListings(client, firstClaims.map(listingOf));
  const conflicts = [
    ...firstClaims.filter((pending) => !inserted.has(listingOf(pending).id)),
    ...laterClaims,
  ].sort(compareSourceOrder);

  const rows: ProvenanceRow[] = fresh
    .filter((pending) => !conflicts.includes(pending))
    .map((pending) => provenanceOf(pending));
  await insertProvenance(client, rows, options.runId);

  const resolved: ProvenanceRow[] = [];
  for (const pending of conflicts) {
    const row = await resolveUuidConflict(client, pending, listingOf(pending), options.runId, counts);
    await insertProvenance(client, [row], options.runId);
    resolved.push(row);
  }

  countRows([...rows, ...resolved], counts);
  return counts;
}

async function skipAlreadyMigrated(
  client: pg.ClientBase,
  batch: PendingDocument[],
  counts: RunCounts,
): Promise<PendingDocument[]> {
  const result = await client.query<{ source_collection: string; source_id: string; raw_bson: Buffer }>(
    `SELECT source_collection, source_id, raw_bson FROM legacy_marketplace_documents
     WHERE (source_collection, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [batch.map((pending) => pending.document.collection), batch.map((pending) => pending.document.sourceId)],
  );
  const stored = new Map(
    result.rows.map((row) => [sourceKey(row.source_collection, row.source_id), row.raw_bson]),
  );

  const fresh: PendingDocument[] = [];
  for (const pending of batch) {
    const key = sourceKey(pending.document.collection, pending.document.sourceId);
    const storedRaw = stored.get(key);
    if (storedRaw === undefined) {
      fresh.push(pending);
      // A repeated _id later in the same batch counts as already migrated, like one in a later batch.
      stored.set(key, pending.document.raw);
      continue;
    }

    const collectionCounts = counts.collection(pending.document.collection);
    collectionCounts.alreadyMigrated += 1;
    if (!storedRaw.equals(pending.document.raw)) collectionCounts.changedSinceMigrated += 1;
  }
  return fresh;
}

function splitByListingId(migrating: PendingDocument[]): {
  firstClaims: PendingDocument[];
  laterClaims: PendingDocument[];
} {
  const claimed = new Set<string>();
  const firstClaims: PendingDocument[] = [];
  const laterClaims: PendingDocument[] = [];
  for (const pending of migrating) {
    const id = listingOf(pending).id;
    if (claimed.has(id)) laterClaims.push(pending);
    else firstClaims.push(pending);
    claimed.add(id);
  }
  return { firstClaims, laterClaims };
}

function provenanceOf(pending: PendingDocument): ProvenanceRow {
  if (pending.outcome.kind === 'quarantine') {
    return { pending, status: 'quarantined', reason: pending.outcome.reason, listingId: null };
  }
  return { pending, status: 'migrated', reason: null, listingId: pending.outcome.listing.id };
}

function countRows(rows: ProvenanceRow[], counts: RunCounts): void {
  for (const row of rows) {
    const collectionCounts = counts.collection(row.pending.document.collection);
    if (row.status === 'migrated') collectionCounts.migrated += 1;
    else {
      collectionCounts.quarantined += 1;
      counts.addReason(row.reason?.split(':')[0] ?? 'unknown');
    }
    for (const warning of row.pending.outcome.warnings) counts.addWarning(warning.code);
  }
}

function listingOf(pending: PendingDocument): MappedListing {
  if (pending.outcome.kind !== 'listing') throw new Error('Expected a mapped listing');
  return pending.outcome.listing;
}
