import { randomUUID } from 'node:crypto';

import pg from 'pg';

import { RecordingMarketEventSink } from '../../services/market/events';
import { createMarket, type Market } from '../../services/market/market';
import type { MarketOptions } from '../../services/market/options';
import type { UserRef } from '../../services/market/types';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Clock that keeps its time until a test advances it. */
export class TestClock {
  private nowMs: number;

  constructor(start = Date.parse('2026-12-01T12:00:00Z')) {
    this.nowMs = start;
  }

  now = (): Date => new Date(this.nowMs);

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** A market on a fresh test database, with a movable clock and a sink that records events. */
export interface MarketFixture {
  database: TestDatabase;
  pool: pg.Pool;
  market: Market;
  clock: TestClock;
  sink: RecordingMarketEventSink;
  close(): Promise<void>;
}

/** Create a fresh database, a pool of `poolSize` connections and a market over them. */
export async function createMarketFixture(
  options: { poolSize?: number; market?: Partial<MarketOptions> } = {},
): Promise<MarketFixture> {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 5 });
  pool.on('error', ignoreTermination);
  const clock = new TestClock();
  const sink = new RecordingMarketEventSink();
  const market = createMarket({
    pool,
    sink,
    clock: clock.now,
    ...(options.market ? { options: options.market } : {}),
  });

  return {
    database,
    pool,
    market,
    clock,
    sink,
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * Ignore the error an idle connection emits when `DROP DATABASE ... WITH (FORCE)` terminates it (SQLSTATE
 * 57P01). `pool.end()` resolves before its connections finish closing, so teardown can race with them.
 */
export function ignoreTermination(error: Error & { code?: string }): void {
  if (error.code !== '57P01') throw error;
}

/** Return a test user whose snowflake is above 2^53, as real Discord ids are. */
export function testUser(index: number, username = `user${index}`): UserRef {
  return { id: String(300_000_000_000_000_000n + BigInt(index)), username };
}

/** Return a new idempotency key, shaped like a Discord interaction id. */
export function newKey(): string {
  return `${Date.now()}${Math.floor(Math.random() * 1e9)}-${randomUUID().slice(0, 8)}`;
}

/** Give a user `amount` petals through an admin grant. */
export async function fund(market: Market, user: UserRef, amount: number): Promise<void> {
  await market.grantPetals({ user, amount, idempotencyKey: newKey() });
}

/** Input of {@link insertLegacyListing}. */
export interface LegacyListingInput {
  seller: UserRef;
  name: string;
  price: number;
  stock: number;
  priceChanged: boolean;
  description?: string;
}

/**
 * Insert a listing as the legacy MongoDB migration does: the seller upserted with a username, a `legacy_uuid`,
 * the original `price_changed` flag and a `listed_at` in 2022.
 */
export async function insertLegacyListing(pool: pg.Pool, input: LegacyListingInput): Promise<string> {
  await pool.query(
    'INSERT INTO users (id, username) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username',
    [input.seller.id, input.seller.username],
  );
  const inserted = await pool.query<{ id: string }>(
    `INSERT INTO marketplace_listings
       (id, seller_id, name, description, price, stock, price_changed, listed_at, legacy_uuid)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, '2022-03-14T09:26:53Z', $7) RETURNING id`,
    [
      input.seller.id,
      input.name,
      input.description ?? null,
      input.price,
      input.stock,
      input.priceChanged,
      randomUUID(),
    ],
  );
  return inserted.rows[0]!.id;
}
