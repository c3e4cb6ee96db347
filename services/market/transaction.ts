import type pg from 'pg';

/** PostgreSQL SQLSTATEs after which a whole transaction can safely run again. */
const RetryableStates = new Set(['40001', '40P01']);

/** How many times a transaction runs when it keeps failing with a retryable state. */
const MaxAttempts = 3;

/**
 * Run `work` in one READ COMMITTED transaction on a pooled connection, committing when it resolves and rolling
 * back when it throws. A serialization failure or deadlock (SQLSTATE 40001, 40P01) runs it again, up to 3 times.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runOnce(pool, work);
    } catch (error) {
      if (attempt >= MaxAttempts || !RetryableStates.has(sqlState(error) ?? '')) throw error;
    }
  }
}

async function runOnce<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await rollback(client);
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Roll back, and return true when that failed so the connection is discarded instead of reused. */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return false;
  } catch {
    return true;
  }
}

/** Return the SQLSTATE of a node-postgres error, or undefined for any other value. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Return the constraint name of a node-postgres error, or undefined. */
export function constraintName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('constraint' in error)) return undefined;
  const constraint = error.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
