import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { runSchemaMigrations } from '../services/database/schema-migrations';
import { resolveDatabaseTarget } from '../services/database/target';
import { loadBrokerConfig } from '../services/ipc/config';
import { runBroker } from '../services/ipc/run-broker';
import { createLogger, type Logger } from '../services/logging/logger';
import { loadWebConfig } from '../services/web/config';
import { startWebServer } from '../services/web/server';

// Runs the whole stack on one machine: PostgreSQL (embedded unless DATABASE_URL is set), the schema
// migrations, the IPC broker, the web backend, and the bot when DISCORD_TOKEN is set. SIGINT and SIGTERM stop
// everything in reverse order.

/** How long the bot gets to exit after SIGTERM before it is killed, in ms. */
const BotStopTimeoutMs = 10_000;

type StopStep = { name: string; stop: () => Promise<void> };

async function main(): Promise<void> {
  const logger = createLogger({ name: 'kumiko' });
  const steps: StopStep[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (reason: string): Promise<void> => (stopping ??= stopInReverse(steps, reason, logger));
  process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));

  try {
    await startStack(steps, logger, () => {
      process.exitCode = 1;
      void stopAll('the bot exited');
    });
  } catch (error) {
    logger.error({ err: error }, 'starting the stack failed');
    await stopAll('start failure');
    process.exitCode = 1;
  }
}

async function startStack(steps: StopStep[], logger: Logger, onBotExit: () => void): Promise<void> {
  const brokerConfig = loadBrokerConfig(process.env);
  const webConfig = loadWebConfig(process.env);

  const database = await resolveDatabaseTarget({}, logger);
  steps.push({ name: 'PostgreSQL', stop: () => database.release() });
  await runSchemaMigrations({ databaseUrl: database.url, direction: 'up' }, logger);

  const broker = await runBroker(brokerConfig, logger);
  steps.push({ name: 'IPC broker', stop: () => broker.stop() });

  const web = await startWebServer(webConfig, database.url, logger);
  steps.push({ name: 'web backend', stop: () => web.stop() });

  const token = process.env.DISCORD_TOKEN;
  if (token) {
    // The broker's health server already listens on HEALTH_PORT, so the bot takes the next port.
    const botHealthPort = brokerConfig.healthPort + 1;
    const bot = startBot(database.url, broker.broker.endpoints, botHealthPort, logger, onBotExit);
    steps.push({ name: 'bot', stop: () => stopChild(bot, logger) });
  } else {
    process.stdout.write(
      'Bot skipped: DISCORD_TOKEN is not set. Set DISCORD_TOKEN=<your bot token> and run `npm start` again to start it.\n',
    );
  }

  process.stdout.write(
    `\nKumiko is running. Open ${web.url}/api/listings (API) or ${web.url}/docs (OpenAPI). ` +
      `Broker health: http://127.0.0.1:${brokerConfig.healthPort}/metrics. Press Ctrl-C to stop.\n\n`,
  );
}

function startBot(
  databaseUrl: string,
  endpoints: { worker: string; eventsIn: string },
  healthPort: number,
  logger: Logger,
  onExit: () => void,
): ChildProcess {
  const tsx = path.resolve(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['services/bot/main.ts'], {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
    // The bot publishes to the broker's events-in socket, unlike the web, which subscribes on events-out.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      IPC_WORKER_ENDPOINT: endpoints.worker,
      IPC_EVENTS_ENDPOINT: endpoints.eventsIn,
      HEALTH_PORT: String(healthPort),
    },
  });
  logger.info({ pid: child.pid, healthPort }, 'bot started');
  child.once('error', (error) => {
    logger.error({ err: error }, 'the bot could not be started; stopping the stack');
    onExit();
  });
  child.once('exit', (code, signal) => {
    if (child.killed) return;
    logger.error({ code, signal }, 'the bot exited on its own; stopping the stack');
    onExit();
  });
  return child;
}

async function stopChild(child: ChildProcess, logger: Logger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    logger.warn({ pid: child.pid, timeoutMs: BotStopTimeoutMs }, 'the bot did not stop in time; killing it');
    child.kill('SIGKILL');
  }, BotStopTimeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function stopInReverse(steps: StopStep[], reason: string, logger: Logger): Promise<void> {
  logger.info({ reason }, 'stopping the stack');
  for (const step of [...steps].reverse()) {
    try {
      await step.stop();
      logger.info({ component: step.name }, 'stopped');
    } catch (error) {
      logger.error({ err: error, component: step.name }, 'stopping failed');
    }
  }
}

void main();
