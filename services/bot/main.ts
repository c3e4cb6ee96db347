import { createLogger } from '../logging/logger';
import { createBot } from './bot';
import { loadBotConfig } from './config';

// Entry point of the Discord bot: read the environment, build the bot, log in, and stop cleanly on a signal.
async function main(): Promise<void> {
  const config = loadBotConfig(process.env);
  const logger = createLogger({ name: 'bot', level: config.logLevel });
  const bot = await createBot(config, logger);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    bot.stop().then(
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
  } catch (error) {
    // A failed login leaves the pool and health server open, which would keep the process alive.
    await bot.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
