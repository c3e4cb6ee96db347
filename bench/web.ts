import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';

import { startEmbeddedServer } from '../services/database/embedded-server';
import { runSchemaMigrations } from '../services/database/schema-migrations';
import { connectIpc } from '../services/ipc/connection';
import { createLogger, createSilentLogger } from '../services/logging/logger';
import { buildApp } from '../services/web/app';
import { loadWebConfig } from '../services/web/config';
import { findFreePort } from '../test/support/free-port';

// Requests per second of GET /api/listings (the full app: validation, rate limiting, helmet, metrics, request
// logging at LOG_LEVEL=warn, PostgreSQL), with its default 1 s page cache and with the cache off, against a
// trivial fastify route. All three apps run in one server process; autocannon runs in this process. The database is a fresh embedded PostgreSQL with 1,000 users and 10,000 listings.
// Usage: npm run bench:web [-- --rounds 3 --seconds 5 --connections 50]

const Repository = path.resolve(__dirname, '..');
const Tsx = path.join(Repository, 'node_modules', '.bin', 'tsx');

const Targets = [
  ['trivial route', 'trivial', '/trivial'],
  ['GET /api/listings (1 s page cache, the default)', 'app', '/api/listings'],
  ['GET /api/listings (cache off)', 'uncached', '/api/listings'],
  ['GET /api/listings?q=apple&sort=price (cache off)', 'uncached', '/api/listings?q=apple&sort=price'],
] as const;

async function main(): Promise<void> {
  if (readOption('--role') === 'server') return runServers();

  const rounds = Number(readOption('--rounds') ?? 3);
  const seconds = Number(readOption('--seconds') ?? 5);
  const connections = Number(readOption('--connections') ?? 50);
  const logger = createSilentLogger();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kumiko-bench-pg-'));
  const database = await startEmbeddedServer(
    { dataDir, port: await findFreePort(), database: 'kumiko_bench' },
    logger,
  );
  let server: ChildProcess | undefined;
  try {
    await runSchemaMigrations({ databaseUrl: database.url, direction: 'up' }, logger);
    await seed(database.url);

    const ports = {
      app: await findFreePort(),
      uncached: await findFreePort(),
      trivial: await findFreePort(),
    };
    server = spawn(Tsx, ['bench/web.ts', '--role', 'server'], {
      cwd: Repository,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(ports.app),
        TRIVIAL_PORT: String(ports.trivial),
        UNCACHED_PORT: String(ports.uncached),
        LOG_LEVEL: 'warn',
      },
    });
    await waitForHttp(`http://127.0.0.1:${ports.app}/readyz`);
    await waitForHttp(`http://127.0.0.1:${ports.uncached}/readyz`);
    await waitForHttp(`http://127.0.0.1:${ports.trivial}/trivial`);

    const results = new Map<string, number>();
    for (const [label, which, urlPath] of Targets) {
      const url = `http://127.0.0.1:${ports[which]}${urlPath}`;
      await run(url, connections, 1); // Warm-up: JIT, pool connections, plan cache.
      const perRound: number[] = [];
      for (let round = 0; round < rounds; round += 1) perRound.push(await run(url, connections, seconds));
      results.set(label, median(perRound));
    }
    printReport(results, rounds, seconds, connections);
  } finally {
    if (server) await stopChild(server);
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function run(url: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url} returned ${result.non2xx} non-2xx responses and ${result.errors} errors.`);
  }
  return result.requests.average;
}

function printReport(
  results: Map<string, number>,
  rounds: number,
  seconds: number,
  connections: number,
): void {
  const trivial = results.get('trivial route')!;
  const lines = [
    `Web throughput, median of ${rounds} rounds of ${seconds} s, ${connections} connections`,
    '| route | requests/s | share of trivial |',
    '| --- | --- | --- |',
  ];
  for (const [label, requestsPerSecond] of results) {
    lines.push(
      `| ${label} | ${requestsPerSecond.toFixed(0)} | ${((requestsPerSecond / trivial) * 100).toFixed(1)}% |`,
    );
  }
  for (const label of [Targets[1][0], Targets[2][0]]) {
    const ratio = results.get(label)! / trivial;
    const verdict = ratio >= 0.25 ? 'met' : 'MISSED';
    lines.push(`${label} / trivial: ${(ratio * 100).toFixed(1)}% (target >= 25%: ${verdict})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Insert 1,000 users and 10,000 listings, 5% of them removed. */
async function seed(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (id, username, balance)
       SELECT 900719925474000000 + g, 'user' || g, (g * 7919) % 100000 FROM generate_series(1, 1000) g`,
    );
    await client.query(
      `INSERT INTO marketplace_listings (id, seller_id, name, description, price, stock, listed_at, removed_at)
       SELECT gen_random_uuid(), 900719925474000001 + (g % 1000),
              (ARRAY['Apple', 'Banana', 'Cherry', 'Dragon fruit', 'Elderberry'])[1 + g % 5] || ' ' || g,
              'item ' || g, 1 + (g * 31) % 10000, 1 + g % 20, now() - g * interval '1 minute',
              CASE WHEN g % 20 = 0 THEN now() END
         FROM generate_series(1, 10000) g`,
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Run the server process: the real app on PORT and a trivial fastify app on TRIVIAL_PORT. */
async function runServers(): Promise<void> {
  const logger = createLogger({ name: 'bench-web', level: 'warn' });
  const config = { ...loadWebConfig(process.env), rateLimitMax: 100_000_000 };
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // Nothing listens on port 1: the listings routes never use IPC.
  const ipc = connectIpc(
    { clientEndpoint: 'tcp://127.0.0.1:1', eventsEndpoint: 'tcp://127.0.0.1:1', curve: undefined },
    logger,
  );
  const app = await buildApp({ config, pool, ipc, logger });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const uncached = await buildApp({ config: { ...config, listingsCacheTtlMs: 0 }, pool, ipc, logger });
  await uncached.listen({ port: Number(process.env.UNCACHED_PORT), host: '127.0.0.1' });

  const trivial = Fastify();
  trivial.get('/trivial', () => ({ ok: true }));
  await trivial.listen({ port: Number(process.env.TRIVIAL_PORT), host: '127.0.0.1' });

  process.once('SIGTERM', () => {
    void Promise.all([app.close(), uncached.close(), trivial.close()]).then(async () => {
      ipc.close();
      await pool.end();
      process.exit(0);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} did not respond within 30 s.`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
