import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { startEmbeddedServer, type EmbeddedServer } from '../services/database/embedded-server';
import { runSchemaMigrations } from '../services/database/schema-migrations';
import { validateUrl } from '../services/database/target';
import { createLogger, createSilentLogger } from '../services/logging/logger';
import { createMarket, type Market } from '../services/market/market';
import type { UserRef } from '../services/market/types';
import { startBotHarness } from '../test/support/fake-discord/bot-harness';
import { findFreePort } from '../test/support/free-port';
import { runAdminStatement, withDatabase } from '../test/support/admin-sql';

// Economy benchmark: purchase throughput under contention next to one uncontended purchase, and the latency of
// an interaction from the fake gateway to the recorded reply. Uses DATABASE_URL's server when set (in a new
// database that it drops afterwards), else an embedded PostgreSQL in a temporary folder.

const Settings = {
  rounds: 5,
  contendedBuyers: 64,
  purchasesPerBuyer: 20,
  listings: 3,
  poolSize: 20,
  uncontendedPurchases: 300,
  gatewayInteractions: 200,
} as const;

let keyCounter = 0;
const nextKey = () => `bench-${process.pid}-${++keyCounter}`;
const user = (index: number): UserRef => ({
  id: String(500_000_000_000_000_000n + BigInt(index)),
  username: `u${index}`,
});

interface Server {
  adminUrl: string;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const log = createLogger({ name: 'bench-economy', fd: 2 });
  const server = await openServer();
  try {
    const contention = [];
    const gateway = [];
    for (let round = 1; round <= Settings.rounds; round += 1) {
      contention.push(await inFreshDatabase(server, (url) => measureContention(url)));
      gateway.push(await inFreshDatabase(server, (url) => measureGatewayLatency(url)));
      log.info({ round, contention: contention.at(-1), gateway: gateway.at(-1) }, 'round finished');
    }
    printReport(contention, gateway);
  } finally {
    await server.stop();
  }
}

async function measureContention(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: Settings.poolSize });
  pool.on('error', ignoreTermination);
  try {
    const market = createMarket({ pool, options: { listingCooldownMs: 0 } });
    const listingIds = await seedListings(market, Settings.listings, 1_000_000);
    const buyers = Array.from({ length: Settings.contendedBuyers }, (_, index) => user(1_000 + index));
    for (const buyer of buyers)
      await market.grantPetals({ user: buyer, amount: 1_000_000, idempotencyKey: nextKey() });

    const single = user(9_999);
    await market.grantPetals({ user: single, amount: 1_000_000, idempotencyKey: nextKey() });
    const singleStarted = performance.now();
    for (let index = 0; index < Settings.uncontendedPurchases; index += 1) {
      await market.buyListing({
        buyer: single,
        listingId: listingIds[0]!,
        quantity: 1,
        idempotencyKey: nextKey(),
      });
    }
    const singleMs = (performance.now() - singleStarted) / Settings.uncontendedPurchases;

    const started = performance.now();
    const results = await Promise.allSettled(
      buyers.map(async (buyer, buyerIndex) => {
        for (let index = 0; index < Settings.purchasesPerBuyer; index += 1) {
          const listingId = listingIds[(buyerIndex + index) % listingIds.length]!;
          await market.buyListing({ buyer, listingId, quantity: 1, idempotencyKey: nextKey() });
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const failed = results.filter((result) => result.status === 'rejected').length;

    const purchases = Settings.contendedBuyers * Settings.purchasesPerBuyer;
    return {
      purchasesPerSecond: (purchases / elapsedMs) * 1_000,
      uncontendedMs: singleMs,
      uncontendedPerSecond: 1_000 / singleMs,
      failedBuyers: failed,
      anomalies: await countAnomalies(pool, market, Settings.listings * 1_000_000),
    };
  } finally {
    await pool.end();
  }
}

async function seedListings(market: Market, count: number, stock: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const seller = user(index + 1);
    await market.grantPetals({ user: seller, amount: 100, idempotencyKey: nextKey() });
    const created = await market.createListing({
      seller,
      name: `Bench Item ${index}`,
      price: 3,
      stock,
      idempotencyKey: nextKey(),
    });
    ids.push(created.listingId);
  }
  return ids;
}

/** Count oversells, negative balances and conservation failures. Each must be 0. */
async function countAnomalies(pool: pg.Pool, market: Market, initialStock: number): Promise<number> {
  const stock = await pool.query<{ remaining: number; negative: number }>(
    'SELECT coalesce(sum(stock), 0)::int AS remaining, count(*) FILTER (WHERE stock < 0)::int AS negative FROM marketplace_listings',
  );
  const owned = await pool.query<{ total: number }>(
    'SELECT coalesce(sum(quantity), 0)::int AS total FROM inventories',
  );
  const negative = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM users WHERE balance < 0',
  );
  const conservation = await market.checkConservation();

  const oversold = stock.rows[0]!.remaining + owned.rows[0]!.total === initialStock ? 0 : 1;
  return oversold + stock.rows[0]!.negative + negative.rows[0]!.count + (conservation.balanced ? 0 : 1);
}

async function measureGatewayLatency(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', ignoreTermination);
  const market = createMarket({ pool, options: { listingCooldownMs: 0 } });
  const [listingId] = await seedListings(market, 1, 1_000_000);
  const buyer = user(2_000);
  await market.grantPetals({ user: buyer, amount: 1_000_000, idempotencyKey: nextKey() });
  await pool.end();

  const harness = await startBotHarness({ databaseUrl: url, logger: createSilentLogger() });
  try {
    const latencies: number[] = [];
    for (let index = 0; index < Settings.gatewayInteractions; index += 1) {
      const sentAt = performance.now();
      const { token } = harness.sendCommand(buyer, 'market', [
        { type: 1, name: 'buy', options: [{ type: 3, name: 'listing', value: listingId! }] },
      ]);
      const reply = await harness.fake.waitForCall(
        (call) => call.method === 'PATCH' && call.path.endsWith(`/${token}/messages/%40original`),
      );
      latencies.push(reply.receivedAt - sentAt);
    }
    latencies.sort((a, b) => a - b);
    return { p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
  } finally {
    await harness.stop();
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function printReport(
  contention: Array<Awaited<ReturnType<typeof measureContention>>>,
  gateway: Array<Awaited<ReturnType<typeof measureGatewayLatency>>>,
): void {
  const contended = median(contention.map((round) => round.purchasesPerSecond));
  const single = median(contention.map((round) => round.uncontendedPerSecond));
  const singleMs = median(contention.map((round) => round.uncontendedMs));
  const anomalies = contention.reduce((sum, round) => sum + round.anomalies + round.failedBuyers, 0);
  const p50 = median(gateway.map((round) => round.p50Ms));
  const p99 = median(gateway.map((round) => round.p99Ms));

  const lines = [
    `Medians over ${Settings.rounds} rounds`,
    `(a) contended purchases: ${contended.toFixed(0)} /s (${Settings.contendedBuyers} buyers, ${Settings.listings} listings, pool ${Settings.poolSize}, ${Settings.contendedBuyers * Settings.purchasesPerBuyer} purchases a round)`,
    `    one uncontended purchase: ${singleMs.toFixed(2)} ms (${single.toFixed(0)} /s sequential, ${Settings.uncontendedPurchases} a round)`,
    `    contended / sequential throughput: ${(contended / single).toFixed(2)}x`,
    `    anomalies (oversell, negative stock or balance, conservation, failed buyers): ${anomalies}`,
    `(b) gateway interaction to recorded reply (/market buy, ${Settings.gatewayInteractions} sequential a round): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, p99/p50 ${(p99 / p50).toFixed(2)}`,
    `    p50 / one uncontended purchase: ${(p50 / singleMs).toFixed(2)}x`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (anomalies > 0) process.exitCode = 1;
}

async function inFreshDatabase<T>(server: Server, run: (url: string) => Promise<T>): Promise<T> {
  const name = `kumiko_bench_${process.pid}_${Date.now()}`;
  await runAdminStatement(server.adminUrl, `CREATE DATABASE ${name}`);
  try {
    const url = withDatabase(server.adminUrl, name);
    await runSchemaMigrations({ databaseUrl: url, direction: 'up' }, createSilentLogger());
    return await run(url);
  } finally {
    await runAdminStatement(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function openServer(): Promise<Server> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: validateUrl(process.env.DATABASE_URL, 'DATABASE_URL'), stop: async () => {} };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kumiko-bench-pg-'));
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedServer(
      { dataDir, port: await findFreePort(), database: 'postgres' },
      createSilentLogger(),
    );
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:economy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

// Dropping a database WITH (FORCE) can end a pool connection that is still closing; that is expected here.
function ignoreTermination(error: Error & { code?: string }): void {
  if (error.code !== '57P01') throw error;
}
