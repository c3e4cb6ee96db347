import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateFixture } from '../../../scripts/legacy-fixture/generate-fixture';
import { createSilentLogger } from '../../../services/logging/logger';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { migrate, snapshotTarget } from './migration-harness';

interface ExpectedDocument {
  collection: string;
  id: string;
  status: 'migrated' | 'quarantined';
  reason?: string;
  warnings: string[];
  listingId?: string;
}

interface StoredDocument {
  source_collection: string;
  source_id: string;
  status: string;
  reason: string | null;
  warnings: { code: string }[];
  listing_id: string | null;
}

describe('generated legacy sample', () => {
  let fixtureDir: string;
  let expected: ExpectedDocument[];
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    fixtureDir = await mkdtemp(path.join(tmpdir(), 'kumiko-sample-'));
    await generateFixture({ count: 600, seed: 11, outDir: fixtureDir }, createSilentLogger());
    const lines = (await readFile(path.join(fixtureDir, 'expected.jsonl'), 'utf8')).trim().split('\n');
    expected = lines.map((line) => JSON.parse(line) as ExpectedDocument);
  });

  afterAll(async () => {
    for (const database of databases) await database.drop();
    await rm(fixtureDir, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  it('every document matches its expected outcome', async () => {
    const database = await freshDatabase();

    const report = await migrate(path.join(fixtureDir, 'dump'), database.url);

    expect(report.totals.sourceDocuments).toBe(expected.length);
    expect(report.totalsAddUp).toBe(true);
    expect(report.verification?.passed).toBe(true);
    const stored = await readProvenance(database.url);
    expect(stored.size).toBe(expected.length);
    const mismatches = expected.filter(
      (document) => !matches(document, stored.get(`${document.collection}/${document.id}`)),
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('three source formats give one state', async () => {
    const snapshots = [];
    for (const format of ['dump', 'dump-gzip', 'export']) {
      const database = await freshDatabase();
      const report = await migrate(path.join(fixtureDir, format), database.url, { batchSize: 64 });
      expect(report.verification?.passed).toBe(true);
      expect(report.verification?.sampleSize).toBe(20);
      snapshots.push(await snapshotTarget(database.url));
    }

    expect(snapshots[1]).toEqual(snapshots[0]);
    expect(snapshots[2]).toEqual(snapshots[0]);
  });
});

async function readProvenance(databaseUrl: string): Promise<Map<string, StoredDocument>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<StoredDocument>(
      'SELECT source_collection, source_id, status, reason, warnings, listing_id FROM legacy_marketplace_documents',
    );
    return new Map(result.rows.map((row) => [`${row.source_collection}/${row.source_id}`, row]));
  } finally {
    await client.end();
  }
}

function matches(expected: ExpectedDocument, stored: StoredDocument | undefined): boolean {
  if (!stored || stored.status !== expected.status) return false;
  if (expected.status === 'quarantined') return stored.reason?.split(':')[0] === expected.reason;
  if (expected.listingId && stored.listing_id !== expected.listingId) return false;
  const codes = stored.warnings.map((warning) => warning.code).sort();
  return JSON.stringify(codes) === JSON.stringify([...expected.warnings].sort());
}
