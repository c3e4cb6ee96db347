import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';

import pg from 'pg';

import { DatabaseError } from '../database/errors';
import { redactDatabaseUrl } from '../database/redact-url';
import { assertSchemaIsCurrent } from '../database/schema-migrations';
import type { Logger } from '../logging/logger';
import { LegacyMigrationError } from './errors';
import { mapDocument } from './mapping/map-document';
import type { ProgressReporter } from './progress-reporter';
import { RunCounts } from './run-counts';
import { buildReport, type RunReport } from './run-report';
import { SampleReservoir } from './sample-reservoir';
import type { LegacySource } from './sources/legacy-source';
import { commitBatch, type CommitBatchOptions } from './target/commit-batch';
import type { PendingDocument } from './target/pending-document';
import { verifyRun } from './verify-run';

/** Options of {@link runLegacyMigration}. */
export interface LegacyMigrationOptions {
  source: LegacySource;
  databaseUrl: string;
  /** Write nothing: the whole run happens in one transaction that is rolled back after verification. */
  dryRun: boolean;
  /** Documents per transaction. */
  batchSize: number;
  /** Documents read again at the end to verify the run. */
  sampleSize: number;
  logger: Logger;
  progress: ProgressReporter;
}

export const DefaultLegacyMigrationOptions = {
  dryRun: false,
  batchSize: 1_000,
  sampleSize: 100,
} as const satisfies Partial<LegacyMigrationOptions>;

const YieldEveryDocuments = 16;

// One advisory lock key for every run, so two runs on one database cannot interleave their batches.
const RunLockKey = 'kumiko-legacy-marketplace-migration';

/**
 * Migrate every document of the source into PostgreSQL, in batches of one transaction each, then verify.
 * Each document ends as exactly one provenance row, so an interrupted run continues where it stopped.
 *
 * @returns The run's report. The caller checks `totalsAddUp` and `verification.passed`.
 * @throws LegacyMigrationError for a fatal source or target error. Committed batches stay valid.
 */
export async function runLegacyMigration(options: LegacyMigrationOptions): Promise<RunReport> {
  const log = options.logger.child({ module: 'legacy-migration' });
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const client = await connectTarget(options.databaseUrl);

  try {
    await checkTarget(client, options.databaseUrl);
    await lockRun(client, options.databaseUrl);
    // A commit that a crash loses is migrated again by the next run, so waiting for each WAL flush buys
    // nothing here. Every batch still commits or rolls back whole.
    await client.query('SET synchronous_commit = off');
    log.info({ runId, source: options.source.description, dryRun: options.dryRun }, 'migration started');
    if (options.dryRun) await client.query('BEGIN');

    const counts = new RunCounts();
    const reservoir = new SampleReservoir(options.sampleSize);
    await migrateCollections(client, options, runId, counts, reservoir);
    const verification = await verifyRun(client, options.source, counts, reservoir.documents(), runId);
    if (options.dryRun) await client.query('ROLLBACK');

    const report = buildReport(
      {
        source: options.source.description,
        target: redactDatabaseUrl(options.databaseUrl),
        dryRun: options.dryRun,
        runId,
        startedAt,
      },
      counts,
      verification,
    );
    log.info({ runId, totals: report.totals, verified: verification.passed }, 'migration finished');
    return report;
  } finally {
    await client
      .end()
      .catch((error: unknown) => log.warn({ err: error }, 'closing the PostgreSQL connection failed'));
  }
}

async function migrateCollections(
  client: pg.Client,
  options: LegacyMigrationOptions,
  runId: string,
  counts: RunCounts,
  reservoir: SampleReservoir,
): Promise<void> {
  const writer = new PipelinedWriter(
    client,
    { runId, dryRun: options.dryRun, logger: options.logger },
    counts,
  );
  let read = 0;
  let batch: PendingDocument[] = [];

  try {
    for (const collection of options.source.collections) {
      for await (const document of options.source.read(collection)) {
        read += 1;
        counts.collection(collection).sourceDocuments += 1;
        reservoir.offer(document);
        batch.push({ document, outcome: mapDocument(document) });
        // Buffered documents arrive through microtasks only, which would starve the socket callbacks of the
        // batch being committed, so the loop lets the event loop run now and then.
        if (read % YieldEveryDocuments === 0) await setImmediate();
        if (batch.length < options.batchSize) continue;

        await writer.submit(batch);
        batch = [];
        options.progress.update(read, options.source.progress());
      }
    }
    if (batch.length > 0) await writer.submit(batch);
  } catch (error) {
    // The batch in flight is whole, so it may still commit. Its own failure is only logged, so the first error wins.
    await writer
      .drain()
      .catch((drainError: unknown) =>
        options.logger.error({ err: drainError }, 'the batch in flight failed while the run was stopping'),
      );
    throw error;
  }
  await writer.drain();
  options.progress.update(read, options.source.progress());
  options.progress.stop(read);
}

/**
 * Commits batches one at a time while the next batch is read and mapped, so the source and PostgreSQL work in
 * parallel. At most two batches are in memory: the one being committed and the one being read.
 */
class PipelinedWriter {
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly options: CommitBatchOptions,
    private readonly counts: RunCounts,
  ) {}

  async submit(batch: PendingDocument[]): Promise<void> {
    await this.inFlight;
    this.inFlight = commitBatch(this.client, batch, this.options).then((batchCounts) =>
      this.counts.merge(batchCounts),
    );
  }

  /** Wait for the batch in flight, and raise its error if it failed. */
  async drain(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    await inFlight;
  }
}

async function connectTarget(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'kumiko-legacy-migration',
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw new LegacyMigrationError(
      'TargetNotReady',
      `Connecting to PostgreSQL at ${redactDatabaseUrl(databaseUrl)} failed: ${(error as Error).message}. Check --to or DATABASE_URL.`,
      { cause: error },
    );
  }
}

async function checkTarget(client: pg.Client, databaseUrl: string): Promise<void> {
  try {
    await assertSchemaIsCurrent(client, redactDatabaseUrl(databaseUrl));
  } catch (error) {
    if (error instanceof DatabaseError)
      throw new LegacyMigrationError('TargetNotReady', error.message, { cause: error });
    throw error;
  }
}

async function lockRun(client: pg.Client, databaseUrl: string): Promise<void> {
  const result = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
    [RunLockKey],
  );
  if (result.rows[0]?.locked) return;
  throw new LegacyMigrationError(
    'TargetBusy',
    `Another legacy migration is running against ${redactDatabaseUrl(databaseUrl)}. Wait for it to finish, or stop it, ` +
      'then run this one again.',
  );
}
