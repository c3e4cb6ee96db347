import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BSON } from 'bson';
import pg from 'pg';

import { createSilentLogger } from '../../../services/logging/logger';
import type { ProgressReporter } from '../../../services/legacy-migration/progress-reporter';
import { runLegacyMigration } from '../../../services/legacy-migration/run-migration';
import type { RunReport } from '../../../services/legacy-migration/run-report';
import { openLegacySource } from '../../../services/legacy-migration/sources/open-source';

export const silentProgress: ProgressReporter = { update: () => {}, stop: () => {} };

/** Write documents as a mongodump folder (`<dir>/kumiko_marketplace/<collection>.bson`) and return the folder. */
export async function writeDump(collections: Record<string, BSON.Document[]>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'kumiko-dump-'));
  await mkdir(path.join(root, 'kumiko_marketplace'));
  for (const [collection, documents] of Object.entries(collections)) {
    const bytes = Buffer.concat(documents.map((document) => Buffer.from(BSON.serialize(document))));
    await writeFile(path.join(root, 'kumiko_marketplace', `${collection}.bson`), bytes);
  }
  return root;
}

/** Run the migration in-process from a source path or URI into a database. */
export async function migrate(
  from: string,
  databaseUrl: string,
  options: { dryRun?: boolean; batchSize?: number; collections?: string[] } = {},
): Promise<RunReport> {
  const batchSize = options.batchSize ?? 100;
  const source = await openLegacySource({
    from,
    collections: options.collections,
    batchSize,
    serverSelectionTimeoutMs: 2_000,
  });
  try {
    return await runLegacyMigration({
      source,
      databaseUrl,
      dryRun: options.dryRun ?? false,
      batchSize,
      sampleSize: 20,
      logger: createSilentLogger(),
      progress: silentProgress,
    });
  } finally {
    await source.close();
  }
}

/** Read the tables the migration writes, without the columns that differ between runs (times and run ids). */
export async function snapshotTarget(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const users = await client.query('SELECT id, username FROM users ORDER BY id');
    const listings = await client.query(
      `SELECT id, seller_id, name, description, price, stock, price_changed, listed_at, legacy_uuid
       FROM marketplace_listings ORDER BY id`,
    );
    const documents = await client.query(
      `SELECT source_collection, source_id, encode(sha256(raw_bson), 'hex') AS raw_hash, status, reason, warnings,
              date_added, listing_id
       FROM legacy_marketplace_documents ORDER BY source_collection, source_id`,
    );
    return { users: users.rows, listings: listings.rows, documents: documents.rows };
  } finally {
    await client.end();
  }
}

/** Count the rows of the tables the migration writes. */
export async function countRows(
  databaseUrl: string,
): Promise<{ users: number; listings: number; documents: number }> {
  const snapshot = await snapshotTarget(databaseUrl);
  return {
    users: snapshot.users?.length ?? 0,
    listings: snapshot.listings?.length ?? 0,
    documents: snapshot.documents?.length ?? 0,
  };
}
