import { mkdtemp, rm, truncate, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateFixture } from '../../../scripts/legacy-fixture/generate-fixture';
import { createSilentLogger } from '../../../services/logging/logger';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { runMigrationCommand, startMigrationCommand } from './cli-process';
import { migrate, snapshotTarget } from './migration-harness';

const BatchSize = 25;

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

async function waitForRows(databaseUrl: string, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await countDocuments(databaseUrl);
    if (count >= atLeast || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('migrate:legacy command', () => {
  let fixtureDir: string;
  let dump: string;
  let reference: Awaited<ReturnType<typeof snapshotTarget>>;
  const databases: TestDatabase[] = [];

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  beforeAll(async () => {
    fixtureDir = await mkdtemp(path.join(tmpdir(), 'kumiko-command-'));
    await generateFixture({ count: 1_500, seed: 5, outDir: fixtureDir }, createSilentLogger());
    dump = path.join(fixtureDir, 'dump');
    const database = await freshDatabase();
    await migrate(dump, database.url);
    reference = await snapshotTarget(database.url);
  });

  afterAll(async () => {
    for (const database of databases) await database.drop();
    await rm(fixtureDir, { recursive: true, force: true });
  });

  it.each([1, 400, 1_100])('SIGKILL after %i rows then resume', async (killAfter) => {
    const database = await freshDatabase();
    const child = startMigrationCommand([
      '--from',
      dump,
      '--to',
      database.url,
      '--batch-size',
      String(BatchSize),
    ]);
    const exited = new Promise((resolve) => child.on('exit', resolve));

    const seen = await waitForRows(database.url, killAfter, 60_000);
    child.kill('SIGKILL');
    await exited;
    expect(seen).toBeGreaterThanOrEqual(killAfter);
    expect((await countDocuments(database.url)) % BatchSize).toBe(0);

    const resumed = await runMigrationCommand(['--from', dump, '--to', database.url, '--json']);
    expect(resumed.exitCode).toBe(0);
    expect(await snapshotTarget(database.url)).toEqual(reference);
  });

  it('prints a report and exits 0', async () => {
    const database = await freshDatabase();
    const reportFile = path.join(fixtureDir, 'report.json');

    const result = await runMigrationCommand(['--from', dump, '--to', database.url, '--report', reportFile]);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('totals add up: yes');
    expect(result.stdout).toContain('verification: passed');
    expect((await stat(reportFile)).size).toBeGreaterThan(0);
  });

  it.each([
    [['--from', 'x', '--batch-size', '0'], '--batch-size'],
    [['--from', 'x', '--collections', 'a b'], '--collections'],
    [[], '--from'],
  ])('rejects bad arguments %j', async (args, named) => {
    const result = await runMigrationCommand(args);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(named);
  });

  it('exits 3 for an unreachable server', async () => {
    const database = await freshDatabase();

    const result = await runMigrationCommand([
      '--from',
      'mongodb://127.0.0.1:1/kumiko_marketplace',
      '--to',
      database.url,
      '--connect-timeout-ms',
      '500',
    ]);

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('unreachable');
  });

  it('exits 3 for a truncated dump and resumes', async () => {
    const database = await freshDatabase();
    const truncatedDir = await mkdtemp(path.join(tmpdir(), 'kumiko-truncated-'));
    await generateFixture({ count: 300, seed: 9, outDir: truncatedDir }, createSilentLogger());
    const file = path.join(truncatedDir, 'dump', 'kumiko_marketplace', 'Marketplace.bson');
    await truncate(file, (await stat(file)).size - 7);

    const result = await runMigrationCommand([
      '--from',
      path.join(truncatedDir, 'dump'),
      '--to',
      database.url,
      '--batch-size',
      '10',
    ]);

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('truncated');
    expect((await countDocuments(database.url)) % 10).toBe(0);
    await rm(truncatedDir, { recursive: true, force: true });
  });

  it('exits 4 for a database behind the schema', async () => {
    const database = await freshDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('DELETE FROM pgmigrations WHERE name = (SELECT max(name) FROM pgmigrations)');
    await client.end();

    const result = await runMigrationCommand(['--from', dump, '--to', database.url]);

    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain('npm run db:migrate');
  });
});
