import type pg from 'pg';

import type { MappedListing } from '../mapping/outcome';
import type { RunCounts } from '../run-counts';
import { compareSourceOrder, type PendingDocument, type ProvenanceRow } from './pending-document';
import { replaceListing } from './write-rows';

interface UuidOwner {
  source_collection: string;
  source_id: string;
  migration_run_id: string;
}

/**
 * Decide which document owns a canonical uuid that is already taken. The earliest document in ObjectId order
 * owns it, whatever order the documents were read in: a later document is quarantined, and an earlier one
 * takes the listing over from the document that held it.
 */
export async function resolveUuidConflict(
  client: pg.ClientBase,
  pending: PendingDocument,
  listing: MappedListing,
  runId: string,
  counts: RunCounts,
): Promise<ProvenanceRow> {
  const owner = await findOwner(client, listing.id);
  if (!owner) {
    return duplicate(
      pending,
      `uuid ${listing.id} is already used by a listing that did not come from the legacy data`,
    );
  }

  const ownerOrder = {
    document: { sourceId: owner.source_id, collection: owner.source_collection },
  } as PendingDocument;
  if (compareSourceOrder(ownerOrder, pending) < 0) {
    return duplicate(
      pending,
      `uuid ${listing.id} is already used by ${owner.source_collection}/${owner.source_id}`,
    );
  }

  await demoteOwner(client, owner, pending, listing.id);
  await replaceListing(client, listing);
  recountDemotedOwner(owner, runId, counts);
  return { pending, status: 'migrated', reason: null, listingId: listing.id };
}

async function findOwner(client: pg.ClientBase, listingId: string): Promise<UuidOwner | undefined> {
  const result = await client.query<UuidOwner>(
    `SELECT source_collection, source_id, migration_run_id FROM legacy_marketplace_documents
     WHERE listing_id = $1 AND status = 'migrated' FOR UPDATE`,
    [listingId],
  );
  return result.rows[0];
}

async function demoteOwner(
  client: pg.ClientBase,
  owner: UuidOwner,
  winner: PendingDocument,
  listingId: string,
): Promise<void> {
  const reason = `duplicate_uuid: uuid ${listingId} is used by the earlier document ${winner.document.collection}/${winner.document.sourceId}`;
  await client.query(
    `UPDATE legacy_marketplace_documents SET status = 'quarantined', reason = $3, listing_id = NULL
     WHERE source_collection = $1 AND source_id = $2`,
    [owner.source_collection, owner.source_id, reason],
  );
}

function recountDemotedOwner(owner: UuidOwner, runId: string, counts: RunCounts): void {
  const ownerCounts = counts.collection(owner.source_collection);
  if (owner.migration_run_id === runId) {
    ownerCounts.migrated -= 1;
    ownerCounts.quarantined += 1;
    counts.addReason('duplicate_uuid');
  } else {
    ownerCounts.reclassifiedFromEarlierRun += 1;
  }
}

function duplicate(pending: PendingDocument, problem: string): ProvenanceRow {
  return { pending, status: 'quarantined', reason: `duplicate_uuid: ${problem}`, listingId: null };
}
