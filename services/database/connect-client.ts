import pg from 'pg';

import { DatabaseError, DatabaseErrorCodes } from './errors';
import { redactDatabaseUrl } from './redact-url';

/**
 * Open one PostgreSQL connection, turning a failure into an error that names the server without its password.
 *
 * @param origin Where the URL came from, such as `DATABASE_URL`, for the message.
 * @throws DatabaseError `KUMIKO_DB_UNREACHABLE` when the connection fails.
 */
export async function connectClient(url: string, origin: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw new DatabaseError(
      DatabaseErrorCodes.Unreachable,
      `Connecting to PostgreSQL at ${redactDatabaseUrl(url)} (from ${origin}) failed: ${(error as Error).message}. ` +
        'Check that the server runs and the URL is right, or leave DATABASE_URL unset to use the embedded server.',
      { cause: error },
    );
  }
}
