import { readdir } from 'node:fs/promises';
import path from 'node:path';

import pg from 'pg';

import type { Logger } from '../logging/logger';
import { DatabaseError, DatabaseErrorCodes } from './errors';
import { redactDatabaseUrl } from './redact-url';

/** Folder of the node-pg-migrate migrations. */
export const MigrationsDir = path.resolve(__dirname, '..', '..', 'migrations');

/** Table in which node-pg-migrate records the applied migrations. */
export const MigrationsTable = 'pgmigrations';

/** Options for {@link runSchemaMigrations}. */
export interface RunMigrationsOptions {
  databaseUrl: string;
  direction: 'up' | 'down';
  /** How many migrations to apply or revert. Defaults to all pending for `up` and one for `down`. */
  count?: number;
}

/**
 * Apply or revert schema migrations with node-pg-migrate, in one transaction and under its advisory lock.
 *
 * @returns The names of the migrations that ran.
 * @throws DatabaseError `KUMIKO_DB_MIGRATION_FAILED` when a migration fails. Nothing of the batch stays applied.
 */
export async function runSchemaMigrations(options: RunMigrationsOptions, logger: Logger): Promise<string[]> {
  const log = logger.child({ module: 'schema-migrations' });
  const { runner } = await import('node-pg-migrate');
  const count = options.count ?? (options.direction === 'up' ? Infinity : 1);

  log.info(
    { direction: options.direction, count, database: redactDatabaseUrl(options.databaseUrl) },
    'migrating',
  );
  try {
    const ran = await runner({
      databaseUrl: options.databaseUrl,
      dir: MigrationsDir,
      migrationsTable: MigrationsTable,
      direction: options.direction,
      count,
      checkOrder: true,
      singleTransaction: true,
      verbose: false,
      log: (message: string) => log.debug({ output: message }, 'node-pg-migrate'),
    });
    const names = ran.map((migration) => migration.name);
    log.info({ direction: options.direction, migrations: names }, 'migration finished');
    return names;
  } catch (error) {
    throw new DatabaseError(
      DatabaseErrorCodes.MigrationFailed,
      `Schema migration ${options.direction} failed on ${redactDatabaseUrl(options.databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** List the migration names in the migrations folder, oldest first, as node-pg-migrate names them. */
export async function listMigrationFiles(): Promise<string[]> {
  const files = await readdir(MigrationsDir);
  return files
    .filter((file) => /^\d+_[a-z0-9-]+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

/**
 * Check that a database has every migration of this checkout applied and none that it does not know.
 *
 * @throws DatabaseError `KUMIKO_DB_SCHEMA_OUT_OF_DATE` naming the first missing or unknown migration and the
 *   command that fixes it.
 */
export async function assertSchemaIsCurrent(client: pg.ClientBase, databaseLabel: string): Promise<void> {
  const expected = await listMigrationFiles();
  const applied = await readAppliedMigrations(client);

  const missing = expected.filter((name) => !applied.includes(name));
  if (missing.length > 0) {
    throw new DatabaseError(
      DatabaseErrorCodes.SchemaOutOfDate,
      `The database ${databaseLabel} is not at the latest schema: ${missing.length} migration(s) are not applied, ` +
        `starting with ${missing[0]}. Run \`DATABASE_URL=<that database> npm run db:migrate\` first.`,
    );
  }

  const unknown = applied.filter((name) => !expected.includes(name));
  if (unknown.length > 0) {
    throw new DatabaseError(
      DatabaseErrorCodes.SchemaOutOfDate,
      `The database ${databaseLabel} has migration ${unknown[0]}, which this checkout does not contain. ` +
        'Update the checkout to the version that wrote that schema.',
    );
  }
}

async function readAppliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
    `public.${MigrationsTable}`,
  ]);
  if (!exists.rows[0]?.found) return [];

  const result = await client.query<{ name: string }>(
    `SELECT name FROM ${MigrationsTable} ORDER BY run_on, id`,
  );
  return result.rows.map((row) => row.name);
}
