import type { Server } from 'node:http';

import type { Logger } from '../logging/logger';
import { startBroker, type Broker } from './broker';
import type { BrokerConfig } from './config';
import { startHealthServer } from './health-server';

/** A broker and its health server, as one unit to start and stop. */
export interface BrokerProcess {
  broker: Broker;
  healthServer: Server;
  stop(): Promise<void>;
}

/**
 * Start the broker and its HTTP health server from a parsed configuration.
 *
 * @throws IpcError `KUMIKO_IPC_SOCKET_FAILED` when a socket cannot bind.
 */
export async function runBroker(config: BrokerConfig, logger: Logger): Promise<BrokerProcess> {
  const broker = await startBroker(
    {
      binds: {
        client: config.clientBind,
        worker: config.workerBind,
        eventsIn: config.eventsInBind,
        eventsOut: config.eventsOutBind,
      },
      curve: config.curve,
      tuning: { defaultMetrics: true },
    },
    logger,
  );

  let healthServer: Server;
  try {
    healthServer = await startHealthServer(
      {
        host: config.healthHost,
        port: config.healthPort,
        registry: broker.metrics.registry,
        isReady: () => true,
      },
      logger,
    );
  } catch (error) {
    await broker.close();
    throw error;
  }

  return {
    broker,
    healthServer,
    async stop() {
      await new Promise<void>((resolve) => healthServer.close(() => resolve()));
      await broker.close();
    },
  };
}
