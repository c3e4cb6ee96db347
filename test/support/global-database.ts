import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { startEmbeddedServer, type EmbeddedServer } from '../../services/database/embedded-server';
import { runSchemaMigrations } from '../../services/database/schema-migrations';
import { validateUrl } from '../../services/database/target';
import { createSilentLogger } from '../../services/logging/logger';
import { findFreePort } from './free-port';
import { runAdminStatement, withDatabase } from './admin-sql';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a maintenance database on the test server, for creating and dropping per-file databases. */
    databaseAdminUrl: string;
    /** Name of a database migrated to the latest schema, used as the template of per-file databases. */
    databaseTemplate: string;
  }
}

/**
 * Start the PostgreSQL server of a test run: the server at TEST_DATABASE_URL when set, otherwise an embedded
 * server in a temporary folder on a free port. Build one migrated template database that each test file
 * copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createSilentLogger();
  const external = process.env.TEST_DATABASE_URL;

  let server: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let adminUrl: string;
  if (external) {
    adminUrl = validateUrl(external, 'TEST_DATABASE_URL');
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kumiko-test-pg-'));
    server = await startEmbeddedServer({ dataDir, port: await findFreePort(), database: 'postgres' }, logger);
    adminUrl = server.adminUrl;
  }

  const template = `kumiko_template_${process.pid}_${Date.now()}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${template}`);
  await runSchemaMigrations({ databaseUrl: withDatabase(adminUrl, template), direction: 'up' }, logger);

  project.provide('databaseAdminUrl', adminUrl);
  project.provide('databaseTemplate', template);

  return async () => {
    await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
