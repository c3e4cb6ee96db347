import type pg from 'pg';

import type { Logger } from '../../logging/logger';
import { LegacyMigrationError } from '../errors';
import { RunCounts } from '../run-counts';
import { BatchTransaction, isDataError } from './batch-transaction';
import type { PendingDocument } from './pending-document';
import { writeBatch } from './write-batch';
import { insertProvenance } from './write-rows';

/** Options of {@link commitBatch}. */
export interface CommitBatchOptions {
  runId: string;
  dryRun: boolean;
  logger: Logger;
}

/**
 * Write a batch in one transaction. When PostgreSQL rejects the data of some document, the batch is written
 * again one document at a time, and each document it still rejects is quarantined as `rejected_by_database`,
 * so one bad document never stops the run.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_TARGET_WRITE_FAILED` for any other database failure. The failed
 *   batch is rolled back, so the target holds only whole batches.
 */
export async function commitBatch(
  client: pg.ClientBase,
  batch: PendingDocument[],
  options: CommitBatchOptions,
): Promise<RunCounts> {
  const transaction = new BatchTransaction(client, options.dryRun);
  try {
    return await writeInTransaction(transaction, () => writeBatch(client, batch, options));
  } catch (error) {
    if (!isDataError(error)) throw asWriteError(error, batch);
    options.logger.warn(
      { err: error, batchSize: batch.length },
      'batch rejected by PostgreSQL; writing its documents one by one',
    );
  }

  const counts = new RunCounts();
  for (const pending of batch) counts.merge(await commitAlone(client, transaction, pending, options));
  return counts;
}

async function commitAlone(
  client: pg.ClientBase,
  transaction: BatchTransaction,
  pending: PendingDocument,
  options: CommitBatchOptions,
): Promise<RunCounts> {
  try {
    return await writeInTransaction(transaction, () => writeBatch(client, [pending], options));
  } catch (error) {
    if (!isDataError(error)) throw asWriteError(error, [pending]);

    const { collection, sourceId } = pending.document;
    options.logger.warn(
      { err: error, collection, sourceId },
      'document rejected by PostgreSQL; quarantining it',
    );
    return writeInTransaction(transaction, () =>
      quarantineRejected(client, pending, error as Error, options.runId),
    );
  }
}

async function quarantineRejected(
  client: pg.ClientBase,
  pending: PendingDocument,
  error: Error,
  runId: string,
): Promise<RunCounts> {
  const reason = `rejected_by_database: ${error.message.replaceAll('\u0000', '')}`;
  const stripped: PendingDocument = {
    document: pending.document,
    outcome: { kind: 'quarantine', category: 'rejected_by_database', reason, warnings: [], dateAdded: null },
  };
  await insertProvenance(
    client,
    [{ pending: stripped, status: 'quarantined', reason, listingId: null }],
    runId,
  );

  const counts = new RunCounts();
  counts.collection(pending.document.collection).quarantined += 1;
  counts.addReason('rejected_by_database');
  return counts;
}

async function writeInTransaction(
  transaction: BatchTransaction,
  write: () => Promise<RunCounts>,
): Promise<RunCounts> {
  await transaction.begin();
  try {
    const counts = await write();
    await transaction.commit();
    return counts;
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}

function asWriteError(error: unknown, batch: PendingDocument[]): LegacyMigrationError {
  const first = batch[0]?.document;
  const where = first ? ` (batch starting at ${first.collection}/${first.sourceId})` : '';
  return new LegacyMigrationError(
    'TargetWriteFailed',
    `Writing to PostgreSQL failed${where}: ${(error as Error).message}. The batch was rolled back and earlier ` +
      'batches stay committed; fix the cause and run the migration again to continue.',
    { cause: error },
  );
}
