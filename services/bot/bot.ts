import type { Client } from 'discord.js';
import pg from 'pg';

import { runSchemaMigrations, assertSchemaIsCurrent } from '../database/schema-migrations';
import { resolveDatabaseTarget, type DatabaseTarget } from '../database/target';
import { connectClient } from '../database/connect-client';
import { redactDatabaseUrl } from '../database/redact-url';
import type { Logger } from '../logging/logger';
import type { MarketEventSink } from '../market/events';
import { createMarket, type Market } from '../market/market';
import { registerEvents } from './bot-event';
import { createDiscordClient } from './client';
import type { BotServices, Command } from './command';
import type { BotConfig } from './config';
import { BotEvents } from './events';
import { renderPagedView } from './handlers/paged-views';
import { startHealthServer, type HealthServer } from './health-server';
import { InflightTracker } from './inflight';
import { loadCommands } from './load-commands';
import { createBotMetrics } from './metrics';
import { Pager } from './pager';

/** Options of {@link createBot} beyond the environment configuration. */
export interface BotOptions {
  /** Receives marketplace events after each commit, such as an IPC publisher. Defaults to dropping them. */
  sink?: MarketEventSink;
  /** Interface the health server listens on. */
  healthHost?: string;
  /** Time after which pager buttons expire. */
  pagerTtlMs?: number;
  /** Time shutdown waits for in-flight interactions. */
  drainTimeoutMs?: number;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Commands to serve instead of those loaded from `services/bot/commands/`. */
  commands?: Map<string, Command>;
}

export const DefaultBotOptions = {
  healthHost: '0.0.0.0',
  pagerTtlMs: 120_000,
  drainTimeoutMs: 10_000,
  poolSize: 10,
} as const satisfies Partial<Required<BotOptions>>;

/** A built bot: its parts, for wiring more services in, and its lifecycle. */
export interface BotHandles {
  client: Client;
  pool: pg.Pool;
  market: Market;
  logger: Logger;
  services: BotServices;
  /** Port of the health server once started. */
  healthPort(): number | undefined;
  /** Start the health server and log in to the gateway. */
  start(): Promise<void>;
  /** Stop taking interactions, wait for in-flight ones, then close the client, the pool and the health server. */
  stop(): Promise<void>;
}

/**
 * Build the bot: database pool (DATABASE_URL, or the embedded server migrated to the latest schema), market,
 * commands, client and event handlers. Opens the database but not the gateway; call `start()` for that.
 *
 * @throws DatabaseError `KUMIKO_DB_SCHEMA_OUT_OF_DATE` when DATABASE_URL's schema is behind, and BotError
 *   `KUMIKO_BOT_INVALID_COMMAND_MODULE` naming a broken command file.
 */
export async function createBot(
  config: BotConfig,
  logger: Logger,
  options: BotOptions = {},
): Promise<BotHandles> {
  const settings = { ...DefaultBotOptions, ...options };
  const log = logger.child({ module: 'bot' });
  const commands = settings.commands ?? (await loadCommands());

  const target = await openDatabase(config, logger);
  const pool = new pg.Pool({ connectionString: target.url, max: settings.poolSize });
  pool.on('error', (error) => log.error({ err: error }, 'idle PostgreSQL connection failed'));

  const market = createMarket({
    pool,
    logger,
    options: config.market,
    ...(settings.sink ? { sink: settings.sink } : {}),
  });
  const pager = new Pager((view, pageIndex) => renderPagedView(market, view, pageIndex), log, {
    ttlMs: settings.pagerTtlMs,
  });
  const services: BotServices = {
    market,
    logger: log,
    pager,
    metrics: createBotMetrics(),
    inflight: new InflightTracker(),
    commands,
  };
  const client = createDiscordClient(config);
  registerEvents(client, services, BotEvents);

  let health: HealthServer | undefined;
  return {
    client,
    pool,
    market,
    logger: log,
    services,
    healthPort: () => health?.port,
    start: async () => {
      health = await startHealthServer(
        {
          isGatewayReady: () => client.isReady(),
          pingDatabase: async () => void (await pool.query('SELECT 1')),
          registry: services.metrics.registry,
        },
        { port: config.healthPort, host: settings.healthHost },
        logger,
      );
      log.info(
        { shards: config.shardIds, shardCount: config.shardCount, commands: [...commands.keys()] },
        'logging in',
      );
      await client.login(config.discordToken);
    },
    stop: () =>
      stopBot({ client, pool, services, target, health, log, drainTimeoutMs: settings.drainTimeoutMs }),
  };
}

async function openDatabase(config: BotConfig, logger: Logger): Promise<DatabaseTarget> {
  const target = await resolveDatabaseTarget(
    { ...(config.databaseUrl ? { url: config.databaseUrl } : {}), env: { ...process.env, DATABASE_URL: '' } },
    logger,
  );
  try {
    if (target.source === 'embedded') {
      await runSchemaMigrations({ databaseUrl: target.url, direction: 'up' }, logger);
      return target;
    }
    const client = await connectClient(target.url, 'DATABASE_URL');
    try {
      await assertSchemaIsCurrent(client, redactDatabaseUrl(target.url));
    } finally {
      await client.end();
    }
    return target;
  } catch (error) {
    await target.release();
    throw error;
  }
}

async function stopBot(parts: {
  client: Client;
  pool: pg.Pool;
  services: BotServices;
  target: DatabaseTarget;
  health: HealthServer | undefined;
  log: Logger;
  drainTimeoutMs: number;
}): Promise<void> {
  const { client, pool, services, target, health, log } = parts;

  log.info({ inflight: services.inflight.count }, 'shutdown: no longer taking new interactions');
  services.inflight.stopAccepting();

  const drained = await services.inflight.drain(parts.drainTimeoutMs);
  if (drained) log.info('shutdown: in-flight interactions finished');
  else
    log.warn(
      { inflight: services.inflight.count, timeoutMs: parts.drainTimeoutMs },
      'shutdown: gave up waiting for in-flight interactions',
    );

  services.pager.closeAll();
  await client.destroy();
  services.metrics.gatewayReady.set(0);
  log.info('shutdown: Discord client destroyed');

  await pool.end();
  await target.release();
  log.info('shutdown: database pool closed');

  await health?.close();
  log.info('shutdown: health server stopped');
}
