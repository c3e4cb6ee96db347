import { randomBytes } from 'node:crypto';

import { inject } from 'vitest';
import { runAdminStatement, withDatabase } from './admin-sql';

/** A database of its own for one test file, dropped by `drop()`. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Create a database at the latest schema, copied from the run's migrated template. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(inject('databaseTemplate'));
}

/** Create an empty database with no schema, for tests of the migrations themselves. */
export function createEmptyTestDatabase(): Promise<TestDatabase> {
  return createDatabase('template0');
}

async function createDatabase(template: string): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `kumiko_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);

  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
