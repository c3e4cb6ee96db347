import { createLogger } from '../logging/logger';
import { loadBrokerConfig } from './config';
import { runBroker } from './run-broker';

// Entry point of the IPC broker process: read the environment, start, and stop cleanly on SIGINT or SIGTERM.
async function main(): Promise<void> {
  const logger = createLogger({ name: 'ipc-broker' });
  const config = loadBrokerConfig(process.env);
  const running = await runBroker(config, logger);

  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping the IPC broker');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping the IPC broker failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `IPC broker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
