import type pg from 'pg';

import { MarketError, MarketErrorCodes } from './errors';
import type { MarketEvent } from './events';
import { constraintName, sqlState, withTransaction } from './transaction';
import type { MarketContext, MutationResult } from './types';
import { validateIdempotencyKey } from './validation';

/** Owner of an idempotency key: the operation and the user. */
export interface MutationSpec {
  operation: string;
  userId: string;
  idempotencyKey: string;
}

/** Result of a mutation's work: its outcome, stored for retries, and the events to publish. */
export interface MutationWork<Outcome> {
  outcome: Outcome;
  events: MarketEvent[];
}

/** Unique constraints that a second request with the same key violates. */
const KeyConstraints = new Set(['market_operations_pkey', 'ledger_entries_idempotency_key_key']);

/**
 * Run a mutating operation once per idempotency key, in one transaction, and publish its events after commit.
 *
 * The transaction first claims the key in `market_operations`. A concurrent request with the same key waits
 * on that row until the first commits, then finds the stored outcome and returns it without running `work`.
 * A failed operation rolls its claim back, so a retry runs again. Events of a replayed outcome are not
 * published again.
 *
 * @throws MarketError `KUMIKO_MARKET_IDEMPOTENCY_CONFLICT` when the key was used by another operation or user,
 *   and whatever `work` throws.
 */
export async function runMutation<Outcome extends object>(
  context: MarketContext,
  spec: MutationSpec,
  work: (client: pg.PoolClient) => Promise<MutationWork<Outcome>>,
): Promise<MutationResult<Outcome>> {
  validateIdempotencyKey(spec.idempotencyKey);

  let result: { replayed: boolean; outcome: Outcome; events: MarketEvent[] };
  try {
    result = await withTransaction(context.pool, (client) => claimAndRun(client, spec, work));
  } catch (error) {
    if (sqlState(error) !== '23505' || !KeyConstraints.has(constraintName(error) ?? '')) throw error;
    result = { replayed: true, outcome: await readStoredOutcome<Outcome>(context.pool, spec), events: [] };
  }

  publishAll(context, result.events);
  return { ...result.outcome, replayed: result.replayed };
}

async function claimAndRun<Outcome extends object>(
  client: pg.PoolClient,
  spec: MutationSpec,
  work: (client: pg.PoolClient) => Promise<MutationWork<Outcome>>,
): Promise<{ replayed: boolean; outcome: Outcome; events: MarketEvent[] }> {
  const claimed = await client.query(
    `INSERT INTO market_operations (idempotency_key, operation, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [spec.idempotencyKey, spec.operation, spec.userId],
  );
  if (claimed.rowCount === 0) {
    return { replayed: true, outcome: await readStoredOutcome<Outcome>(client, spec), events: [] };
  }

  const { outcome, events } = await work(client);
  await client.query('UPDATE market_operations SET outcome = $2 WHERE idempotency_key = $1', [
    spec.idempotencyKey,
    JSON.stringify(outcome),
  ]);
  return { replayed: false, outcome, events };
}

async function readStoredOutcome<Outcome>(
  queryable: pg.Pool | pg.ClientBase,
  spec: MutationSpec,
): Promise<Outcome> {
  const found = await queryable.query<{ operation: string; user_id: string; outcome: Outcome | null }>(
    'SELECT operation, user_id, outcome FROM market_operations WHERE idempotency_key = $1',
    [spec.idempotencyKey],
  );
  const row = found.rows[0];
  if (!row || row.outcome === null || row.operation !== spec.operation || row.user_id !== spec.userId) {
    throw new MarketError(
      MarketErrorCodes.IdempotencyConflict,
      `Idempotency key "${spec.idempotencyKey}" was already used by ${row ? `${row.operation} of user ${row.user_id}` : 'another request'}; ` +
        `it cannot be reused for ${spec.operation} of user ${spec.userId}. Send a new key for a new request.`,
      { userMessage: 'That request was already handled differently. Please run the command again.' },
    );
  }
  return row.outcome;
}

function publishAll(context: MarketContext, events: readonly MarketEvent[]): void {
  for (const event of events) {
    try {
      context.sink.publish(event);
    } catch (error) {
      context.logger.warn({ err: error, eventType: event.type }, 'market event sink failed; event dropped');
    }
  }
}
