import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { generateTemporaryFixture, type GeneratedFixture } from '../../support/generated-fixture';
import { isMockupDbAvailable, startMockupFaultServer, type MockupFault } from '../../support/mockupdb-faults';
import {
  seedFixtureDocuments,
  startMongoWireServer,
  type MongoWireServer,
} from '../../support/mongo-wire-server';
import { migrate, snapshotTarget } from './migration-harness';

function liveUri(server: { uri: string }): string {
  return server.uri.replace('/?', '/kumiko_marketplace?');
}

async function countDocuments(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      'SELECT count(*) AS count FROM legacy_marketplace_documents',
    );
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

describe('live MongoDB source', () => {
  let fixture: GeneratedFixture;
  let server: MongoWireServer;
  const databases: TestDatabase[] = [];

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  beforeAll(async () => {
    fixture = await generateTemporaryFixture(400, 21);
    server = await startMongoWireServer();
    await seedFixtureDocuments(server, fixture.outDir);
  });

  afterAll(async () => {
    await server.stop();
    for (const database of databases) await database.drop();
    await fixture.remove();
  });

  it('matches the mongodump migration', async () => {
    const fromDump = await freshDatabase();
    const fromLive = await freshDatabase();
    await migrate(path.join(fixture.outDir, 'dump'), fromDump.url);

    const report = await migrate(liveUri(server), fromLive.url, { batchSize: 37 });

    expect(report.totals.sourceDocuments).toBe(400);
    expect(report.verification?.passed).toBe(true);
    expect(await snapshotTarget(fromLive.url)).toEqual(await snapshotTarget(fromDump.url));
  });

  it('re-run reports all as migrated', async () => {
    const database = await freshDatabase();
    await migrate(liveUri(server), database.url, { batchSize: 100 });

    const report = await migrate(liveUri(server), database.url, { batchSize: 100 });

    expect(report.totals).toMatchObject({
      sourceDocuments: 400,
      alreadyMigrated: 400,
      migrated: 0,
      quarantined: 0,
    });
  });

  it('names a missing collection', async () => {
    const database = await freshDatabase();

    const error = await migrate(liveUri(server), database.url, { collections: ['Listings'] }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ code: 'KUMIKO_LEGACY_SOURCE_NOT_FOUND' });
    expect((error as Error).message).toContain('Listings');
  });
});

describe.skipIf(!isMockupDbAvailable())('live source faults', () => {
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it.each<[MockupFault, string]>([
    ['cursor-not-found', 'KUMIKO_LEGACY_SOURCE_READ_FAILED'],
    ['drop-connection', 'KUMIKO_LEGACY_SOURCE_UNREACHABLE'],
  ])('%s stops the run cleanly', async (fault, code) => {
    const database = await createTestDatabase();
    databases.push(database);
    const faultServer = await startMockupFaultServer(fault);

    const error = await migrate(liveUri(faultServer), database.url, {
      batchSize: 10,
      collections: ['Marketplace'],
    })
      .catch((caught: unknown) => caught)
      .finally(() => faultServer.stop());

    expect(error).toMatchObject({ code, exitCode: 3 });
    expect(await countDocuments(database.url)).toBe(0);
  });
});
