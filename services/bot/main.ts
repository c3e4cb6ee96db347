import { createLogger } from '../logging/logger';
import type { IpcWorker } from '../ipc/worker';
import type { MarketEvent } from '../market/events';
import { createBot } from './bot';
import { loadBotConfig } from './config';
import { connectMarketEventSink } from './ipc/market-event-sink';
import { loadBotIpcConfig, startBotIpcWorker } from './ipc/start-worker';

// Entry point of the Discord bot: read the environment, build the bot with its IPC worker and event publisher,
// log in, and stop cleanly on a signal.
async function main(): Promise<void> {
  const config = loadBotConfig(process.env);
  const ipcConfig = loadBotIpcConfig(process.env);
  const logger = createLogger({ name: 'bot', level: config.logLevel });

  const events = connectMarketEventSink<MarketEvent>(ipcConfig, logger);
  const bot = await createBot(config, logger, { sink: events.sink }).catch((error: unknown) => {
    events.close();
    throw error;
  });
  let worker: IpcWorker | undefined;

  const stopAll = async () => {
    await worker?.close();
    await bot.stop();
    events.close();
  };

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    stopAll().then(
      () => logger.info('shutdown complete'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  try {
    await bot.start();
    worker = startBotIpcWorker({
      client: bot.client,
      shardIds: config.shardIds,
      shardCount: config.shardCount,
      config: ipcConfig,
      logger,
    });
  } catch (error) {
    // A failed login leaves the pool, health server and sockets open, which would keep the process alive.
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
