import type { FastifyInstance } from 'fastify';
import pg from 'pg';

import type { Broker } from '../../services/ipc/broker';
import { connectIpc, type IpcConnection } from '../../services/ipc/connection';
import { createEventPublisher, type EventPublisher } from '../../services/ipc/events';
import { IpcError, IpcErrorCodes } from '../../services/ipc/errors';
import type { IpcWorker } from '../../services/ipc/worker';
import { buildApp } from '../../services/web/app';
import { loadWebConfig, type WebConfig } from '../../services/web/config';
import { createTestWorker, FastClientTuning, logger, startTestBroker, waitFor } from './ipc-harness';

/** A guild the test bot is in: snowflake above 2^53. */
export const KnownGuildId = '1152921504606846976';

export const SellerId = '900719925474099300';
export const BuyerId = '900719925474099301';
export const PoorId = '900719925474099302';

export const Listings = {
  shirt: '00000000-0000-4000-8000-000000000001',
  snake: '00000000-0000-4000-8000-000000000002',
  apple: '00000000-0000-4000-8000-000000000003',
  banana: '00000000-0000-4000-8000-000000000004',
  removed: '00000000-0000-4000-8000-000000000005',
} as const;

/** Insert three users and five listings, one of them removed. Names hold LIKE wildcards on purpose. */
export async function seedMarketplace(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO users (id, username, balance) VALUES
       ($1, 'seller', 500), ($2, 'buyer', 900), ($3, 'poor', 500)`,
    [SellerId, BuyerId, PoorId],
  );
  await pool.query(
    `INSERT INTO marketplace_listings (id, seller_id, name, description, price, stock, listed_at, removed_at) VALUES
       ($1, $6, '100% Cotton Shirt', 'soft', 30, 2, '2026-01-01T00:00:00Z', NULL),
       ($2, $6, 'snake_case mug', NULL, 12, 1, '2026-01-02T00:00:00Z', NULL),
       ($3, $6, 'Apple', 'red', 5, 10, '2026-01-03T00:00:00Z', NULL),
       ($4, $7, 'Banana', 'yellow', 9007199254740993, 3, '2026-01-04T00:00:00Z', NULL),
       ($5, $6, 'Gone Cotton', NULL, 1, 1, '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z')`,
    [Listings.shirt, Listings.snake, Listings.apple, Listings.banana, Listings.removed, SellerId, BuyerId],
  );
}

/** Web settings for tests: any port, a fast keep-alive, and a rate limit no test reaches by accident. */
export function testWebConfig(overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    ...loadWebConfig({}),
    port: 0,
    rateLimitMax: 10_000,
    listingsCacheTtlMs: 0,
    sseKeepAliveMs: 100,
    ipcDeadlineMs: 1_000,
    ...overrides,
  };
}

/** A broker, a worker playing the bot, a publisher playing the bot's event sink, and the web's connection. */
export interface TestIpc {
  broker: Broker;
  worker: IpcWorker;
  publisher: EventPublisher;
  connection: IpcConnection;
  close(): Promise<void>;
}

export async function startTestIpc(): Promise<TestIpc> {
  const broker = await startTestBroker();
  const worker = createTestWorker(broker);
  worker
    .serve('bot.status', () => ({
      shards: [{ id: 0, status: 'ready', pingMs: 42 }],
      guildCount: 1,
      latencyMs: 42,
    }))
    .serve('guild.info', (_body, context) => {
      if (context.guildId !== KnownGuildId) {
        throw new IpcError(
          IpcErrorCodes.NotFound,
          `Guild ${context.guildId} not found: the bot is not in it.`,
        );
      }
      return { id: KnownGuildId, name: 'Petal Club', memberCount: 42, iconUrl: null };
    });
  worker.start();
  await waitFor(() => broker.workerCount === 1);

  const publisher = createEventPublisher({ endpoint: broker.endpoints.eventsIn }, logger);
  const connection = connectIpc(
    {
      clientEndpoint: broker.endpoints.client,
      eventsEndpoint: broker.endpoints.eventsOut,
      curve: undefined,
      clientTuning: FastClientTuning,
    },
    logger,
  );
  return {
    broker,
    worker,
    publisher,
    connection,
    async close() {
      connection.close();
      publisher.close();
      await worker.close();
      await broker.close();
    },
  };
}

/** Build an app over the given pool and IPC connection. */
export function buildTestApp(
  pool: pg.Pool,
  ipc: IpcConnection,
  config: Partial<WebConfig> = {},
): Promise<FastifyInstance> {
  return buildApp({ config: testWebConfig(config), pool, ipc, logger });
}

/** Connect IPC to a port where nothing listens, to play an unreachable broker. */
export function connectToNothing(): IpcConnection {
  return connectIpc(
    {
      clientEndpoint: 'tcp://127.0.0.1:1',
      eventsEndpoint: 'tcp://127.0.0.1:1',
      curve: undefined,
      clientTuning: FastClientTuning,
    },
    logger,
  );
}
