import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DatabaseErrorCodes } from '../../../services/database/errors';
import {
  assertSchemaIsCurrent,
  listMigrationFiles,
  runSchemaMigrations,
} from '../../../services/database/schema-migrations';
import { createSilentLogger } from '../../../services/logging/logger';
import { createEmptyTestDatabase, type TestDatabase } from '../../support/test-database';

const logger = createSilentLogger();

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function listTables(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const result = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return result.rows.map((row) => row.table_name);
  });
}

describe('schema migrations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createEmptyTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('apply, revert all and apply again', async () => {
    const files = await listMigrationFiles();

    const applied = await runSchemaMigrations({ databaseUrl: database.url, direction: 'up' }, logger);
    expect(applied).toEqual(files);
    const tablesAfterUp = await listTables(database.url);

    const reverted = await runSchemaMigrations(
      { databaseUrl: database.url, direction: 'down', count: files.length },
      logger,
    );
    expect(reverted).toEqual([...files].reverse());
    expect(await listTables(database.url)).toEqual(['pgmigrations']);

    await runSchemaMigrations({ databaseUrl: database.url, direction: 'up' }, logger);
    expect(await listTables(database.url)).toEqual(tablesAfterUp);
  });

  it('schema check rejects a partly migrated database', async () => {
    await runSchemaMigrations({ databaseUrl: database.url, direction: 'up', count: 1 }, logger);

    const error = await withClient(database.url, (client) =>
      assertSchemaIsCurrent(client, 'test').then(
        () => undefined,
        (caught: unknown) => caught,
      ),
    );
    expect(error).toMatchObject({ code: DatabaseErrorCodes.SchemaOutOfDate });
    expect((error as Error).message).toContain('npm run db:migrate');
  });

  it('schema check accepts a fully migrated database', async () => {
    await runSchemaMigrations({ databaseUrl: database.url, direction: 'up' }, logger);

    await expect(
      withClient(database.url, (client) => assertSchemaIsCurrent(client, 'test')),
    ).resolves.toBeUndefined();
  });
});
