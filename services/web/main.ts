import { resolveDatabaseTarget } from '../database/target';
import { createLogger } from '../logging/logger';
import { loadWebConfig } from './config';
import { startWebServer } from './server';

// Entry point of the web backend: read the environment, listen, and stop cleanly on SIGINT or SIGTERM.
async function main(): Promise<void> {
  const config = loadWebConfig(process.env);
  const logger = createLogger({ name: 'web', level: config.logLevel });
  const target = await resolveDatabaseTarget({}, logger);
  const server = await startWebServer(config, target.url, logger).catch(async (error: unknown) => {
    await target.release();
    throw error;
  });

  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping the web backend');
    server
      .stop()
      .finally(() => target.release())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stopping the web backend failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Web backend failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
