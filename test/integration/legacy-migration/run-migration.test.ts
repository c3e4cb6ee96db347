import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { BSON, Double, Int32, Long, ObjectId } from 'bson';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { countRows, migrate, snapshotTarget, writeDump } from './migration-harness';

const SharedUuid = '6f1c1f5e-8d2a-4c8e-9b7a-0d6a1c2b3e4f';

function objectIdAt(isoTime: string, counter: number): ObjectId {
  const bytes = Buffer.from(ObjectId.createFromTime(Date.parse(isoTime) / 1000).id);
  bytes.writeUIntBE(counter, 6, 6);
  return new ObjectId(bytes);
}

function listing(isoTime: string, counter: number, overrides: BSON.Document = {}): BSON.Document {
  return {
    _id: objectIdAt(isoTime, counter),
    name: `Item ${counter}`,
    amount: new Int32(3),
    price: new Int32(10 + counter),
    owner: Long.fromString('812345678901234567'),
    ...overrides,
  };
}

describe('runLegacyMigration', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('accounts for every document', async () => {
    const dump = await writeDump({
      Marketplace: [
        listing('2022-05-01T00:00:00Z', 1),
        listing('2022-05-02T00:00:00Z', 2, { price: new Double(1.5) }),
      ],
      MarketplaceModel: [listing('2022-11-01T00:00:00Z', 3, { owner_name: 'sakura' })],
    });

    const report = await migrate(dump, database.url);

    expect(report.totals).toMatchObject({
      sourceDocuments: 3,
      migrated: 2,
      quarantined: 1,
      alreadyMigrated: 0,
    });
    expect(report.quarantineReasons).toEqual({ invalid_price: 1 });
    expect(report.totalsAddUp).toBe(true);
    expect(report.verification?.passed).toBe(true);
    expect(await countRows(database.url)).toEqual({ users: 1, listings: 2, documents: 3 });
  });

  it('re-run changes nothing', async () => {
    const dump = await writeDump({
      Marketplace: [listing('2022-05-01T00:00:00Z', 1), listing('2022-05-02T00:00:00Z', 2, { name: ' ' })],
      MarketplaceModel: [listing('2022-11-01T00:00:00Z', 3)],
    });
    await migrate(dump, database.url);
    const before = await snapshotTarget(database.url);

    const report = await migrate(dump, database.url);

    expect(report.totals).toMatchObject({
      sourceDocuments: 3,
      alreadyMigrated: 3,
      migrated: 0,
      quarantined: 0,
    });
    expect(await snapshotTarget(database.url)).toEqual(before);
  });

  it('dry run writes nothing', async () => {
    const dump = await writeDump({
      Marketplace: [
        listing('2022-05-01T00:00:00Z', 1),
        listing('2022-05-02T00:00:00Z', 2, { owner: undefined }),
      ],
      MarketplaceModel: [listing('2022-11-01T00:00:00Z', 3)],
    });

    const dryReport = await migrate(dump, database.url, { dryRun: true, batchSize: 1 });

    expect(await countRows(database.url)).toEqual({ users: 0, listings: 0, documents: 0 });
    const realReport = await migrate(dump, database.url, { batchSize: 1 });
    expect(dryReport.collections).toEqual(realReport.collections);
    expect(dryReport.quarantineReasons).toEqual(realReport.quarantineReasons);
    expect(dryReport.warnings).toEqual(realReport.warnings);
  });

  it('verification catches changed stored bytes', async () => {
    const dump = await writeDump({
      Marketplace: [listing('2022-05-01T00:00:00Z', 1), listing('2022-05-02T00:00:00Z', 2)],
    });
    await migrate(dump, database.url, { collections: ['Marketplace'] });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      "UPDATE legacy_marketplace_documents SET raw_bson = raw_bson || '\\x00'::bytea WHERE source_id = (SELECT min(source_id) FROM legacy_marketplace_documents)",
    );
    await client.end();

    const report = await migrate(dump, database.url, { collections: ['Marketplace'] });

    expect(report.verification?.passed).toBe(false);
    expect(report.verification?.problems.join('\n')).toContain('the stored BSON differs from the source');
    expect(report.totals.changedSinceMigrated).toBe(1);
  });

  it('verification catches extra rows', async () => {
    const dump = await writeDump({ Marketplace: [listing('2022-05-01T00:00:00Z', 1)] });
    await migrate(dump, database.url, { collections: ['Marketplace'] });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `INSERT INTO legacy_marketplace_documents (source_collection, source_id, raw_bson, status, reason, migration_run_id)
       VALUES ('Marketplace', '0123456789abcdef01234567', '\\x05000000'::bytea, 'quarantined', 'invalid_name: test', gen_random_uuid())`,
    );
    await client.end();

    const report = await migrate(dump, database.url, { collections: ['Marketplace'] });

    expect(report.verification?.passed).toBe(false);
    expect(report.verification?.counts.Marketplace).toEqual({ source: 1, target: 2 });
  });

  it('earliest document owns a shared uuid', async () => {
    const later = listing('2022-11-05T00:00:00Z', 1, { uuid: SharedUuid, name: 'Later' });
    const earlier = listing('2022-11-01T00:00:00Z', 2, { uuid: SharedUuid.toUpperCase(), name: 'Earlier' });
    // The later document is read first, so the migration must hand the listing over.
    const dump = await writeDump({ Marketplace: [later], MarketplaceModel: [earlier] });

    const report = await migrate(dump, database.url, { batchSize: 1 });

    expect(report.totals).toMatchObject({ migrated: 1, quarantined: 1 });
    expect(report.quarantineReasons).toEqual({ duplicate_uuid: 1 });
    const snapshot = await snapshotTarget(database.url);
    expect(snapshot.listings).toEqual([expect.objectContaining({ id: SharedUuid, name: 'Earlier' })]);
    expect(snapshot.documents).toContainEqual(
      expect.objectContaining({ source_collection: 'Marketplace', status: 'quarantined', listing_id: null }),
    );
  });

  it('shared uuid resolves the same in one batch', async () => {
    const later = listing('2022-11-05T00:00:00Z', 1, { uuid: SharedUuid, name: 'Later' });
    const earlier = listing('2022-11-01T00:00:00Z', 2, { uuid: SharedUuid, name: 'Earlier' });
    const dump = await writeDump({ Marketplace: [later, earlier] });

    await migrate(dump, database.url, { collections: ['Marketplace'] });

    const snapshot = await snapshotTarget(database.url);
    expect(snapshot.listings).toEqual([expect.objectContaining({ id: SharedUuid, name: 'Earlier' })]);
  });

  it('keeps an existing username when the new one is missing', async () => {
    const dump = await writeDump({
      Marketplace: [listing('2022-05-01T00:00:00Z', 1)],
      MarketplaceModel: [
        listing('2022-11-01T00:00:00Z', 2, { owner_name: 'sakura' }),
        listing('2022-11-02T00:00:00Z', 3),
      ],
    });

    await migrate(dump, database.url, { batchSize: 1 });

    expect((await snapshotTarget(database.url)).users).toEqual([
      { id: '812345678901234567', username: 'sakura' },
    ]);
  });

  it('truncated file keeps whole batches', async () => {
    const documents = Array.from({ length: 25 }, (_, index) => listing('2022-05-01T00:00:00Z', index + 1));
    const dump = await writeDump({ Marketplace: documents });
    const file = path.join(dump, 'kumiko_marketplace', 'Marketplace.bson');
    await appendFile(file, Buffer.from([0x40, 0x00, 0x00, 0x00, 0x07]));

    const error = await migrate(dump, database.url, { batchSize: 10, collections: ['Marketplace'] }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_SOURCE_TRUNCATED', exitCode: 3 });
    expect((error as Error).message).toContain('byte');
    const rows = await countRows(database.url);
    expect(rows.documents % 10).toBe(0);
    expect(rows.listings).toBe(rows.documents);
  });

  it('rejects a target behind the latest schema', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('DELETE FROM pgmigrations WHERE name = (SELECT max(name) FROM pgmigrations)');
    await client.end();
    const dump = await writeDump({ Marketplace: [listing('2022-05-01T00:00:00Z', 1)] });

    const error = await migrate(dump, database.url, { collections: ['Marketplace'] }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_TARGET_NOT_READY', exitCode: 4 });
    expect((error as Error).message).toContain('npm run db:migrate');
  });

  it('rejects a second concurrent run', async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(hashtext('kumiko-legacy-marketplace-migration'))");
    const dump = await writeDump({ Marketplace: [listing('2022-05-01T00:00:00Z', 1)] });

    const error = await migrate(dump, database.url, { collections: ['Marketplace'] }).catch(
      (caught: unknown) => caught,
    );
    await holder.end();

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_TARGET_BUSY' });
  });

  it('names a missing collection file', async () => {
    const dump = await writeDump({ Marketplace: [listing('2022-05-01T00:00:00Z', 1)] });

    const error = await migrate(dump, database.url).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_SOURCE_NOT_FOUND' });
    expect((error as Error).message).toContain('MarketplaceModel');
  });

  it('reports a bad Extended JSON line', async () => {
    const dump = await writeDump({});
    const file = path.join(dump, 'Marketplace.jsonl');
    const good = BSON.EJSON.stringify(listing('2022-05-01T00:00:00Z', 1), { relaxed: false });
    await writeFile(file, `${good}\n{"_id": {"$oid": "nope"\n`);

    const error = await migrate(file, database.url, { batchSize: 1 }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_SOURCE_READ_FAILED' });
    expect((error as Error).message).toContain('line 2');
    expect(await countRows(database.url)).toMatchObject({ documents: 1 });
  });
});
