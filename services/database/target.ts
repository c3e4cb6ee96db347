import type { Logger } from '../logging/logger';
import { startEmbeddedServer, type EmbeddedServerOptions } from './embedded-server';
import { DatabaseError, DatabaseErrorCodes } from './errors';
import { redactDatabaseUrl } from './redact-url';

/** The origin of a command's PostgreSQL URL. */
export type DatabaseTargetSource = 'argument' | 'DATABASE_URL' | 'embedded';

/** A PostgreSQL database that a command may connect to, and how to let go of it afterwards. */
export interface DatabaseTarget {
  readonly url: string;
  readonly source: DatabaseTargetSource;
  /** Stop the embedded server if this call started it. Does nothing for external servers. */
  release(): Promise<void>;
}

/** Options for {@link resolveDatabaseTarget}. */
export interface ResolveTargetOptions {
  /** An explicit URL, such as a `--to` option. It wins over the environment. */
  url?: string;
  /** Environment to read `DATABASE_URL` and `EMBEDDED_PG_PORT` from. */
  env?: NodeJS.ProcessEnv;
  /** Overrides for the embedded server, used when no URL is given. */
  embedded?: Partial<EmbeddedServerOptions>;
}

/**
 * Pick the database a command works on: the explicit URL, then `DATABASE_URL`, then the embedded server,
 * which this call starts when it is not already running.
 *
 * @throws DatabaseError `KUMIKO_DB_INVALID_URL` for a URL that is not a PostgreSQL URL.
 */
export async function resolveDatabaseTarget(
  options: ResolveTargetOptions,
  logger: Logger,
): Promise<DatabaseTarget> {
  const env = options.env ?? process.env;

  if (options.url !== undefined) {
    return externalTarget(validateUrl(options.url, 'the --to option'), 'argument');
  }
  if (env.DATABASE_URL) {
    return externalTarget(validateUrl(env.DATABASE_URL, 'DATABASE_URL'), 'DATABASE_URL');
  }

  const port = parseEmbeddedPort(env.EMBEDDED_PG_PORT);
  const server = await startEmbeddedServer({ ...(port ? { port } : {}), ...options.embedded }, logger);
  return { url: server.url, source: 'embedded', release: () => server.stop() };
}

function externalTarget(url: string, source: DatabaseTargetSource): DatabaseTarget {
  return { url, source, release: async () => {} };
}

/**
 * Check that a value is a PostgreSQL URL and return it unchanged.
 *
 * @throws DatabaseError `KUMIKO_DB_INVALID_URL`, naming where the value came from but not its password.
 */
export function validateUrl(value: string, origin: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }

  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new DatabaseError(
      DatabaseErrorCodes.InvalidUrl,
      `Invalid PostgreSQL URL in ${origin}: ${redactDatabaseUrl(value)}. ` +
        'Use the form postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
    );
  }
  return value;
}

function parseEmbeddedPort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;

  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65_535) {
    throw new DatabaseError(
      DatabaseErrorCodes.InvalidUrl,
      `Invalid EMBEDDED_PG_PORT "${value}": expected a whole number from 1024 to 65535.`,
    );
  }
  return port;
}
