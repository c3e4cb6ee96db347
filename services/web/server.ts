import pg from 'pg';

import { connectIpc } from '../ipc/connection';
import type { Logger } from '../logging/logger';
import { buildApp } from './app';
import type { WebConfig } from './config';

/** A listening web backend and the resources it owns. */
export interface WebServer {
  /** The base URL it listens on, such as http://127.0.0.1:3000. */
  url: string;
  /** Stop taking requests, end event streams, then close IPC and the database pool. */
  stop(): Promise<void>;
}

/**
 * Connect to PostgreSQL and the IPC broker, build the app and listen.
 *
 * @param databaseUrl The resolved PostgreSQL URL; the caller resolves the embedded server when it is unset.
 */
export async function startWebServer(
  config: WebConfig,
  databaseUrl: string,
  logger: Logger,
): Promise<WebServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  pool.on('error', (error: Error & { code?: string }) => {
    // 57P01 is the server shutting down, as the embedded server does when Ctrl-C reaches its process group.
    if (error.code === '57P01')
      logger.warn({ code: error.code }, 'PostgreSQL closed an idle connection while shutting down');
    else logger.error({ err: error }, 'idle PostgreSQL client failed');
  });
  const ipc = connectIpc(
    {
      clientEndpoint: config.ipcClientEndpoint,
      eventsEndpoint: config.ipcEventsEndpoint,
      curve: config.curve,
    },
    logger,
  );

  try {
    const app = await buildApp({ config, pool, ipc, logger });
    const url = await app.listen({ port: config.port, host: config.host });
    return {
      url,
      async stop() {
        try {
          await app.close();
        } finally {
          ipc.close();
          await pool.end();
        }
      },
    };
  } catch (error) {
    ipc.close();
    await pool.end();
    throw error;
  }
}
