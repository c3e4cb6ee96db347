import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

import type { IpcConnection } from '../../ipc/connection';

/** How long /readyz waits for PostgreSQL, in ms. */
const ReadinessQueryTimeoutMs = 2_000;

/**
 * Register `/healthz` (the process serves HTTP) and `/readyz` (PostgreSQL responds). The bot's reachability is
 * reported but does not fail readiness, because the database routes still work without it.
 */
export function registerHealthRoutes(app: FastifyInstance, pool: Pool, ipc: IpcConnection): void {
  const options = { schema: { hide: true }, config: { rateLimit: false } } as const;

  app.get('/healthz', options, () => ({ status: 'ok' }));

  app.get('/readyz', options, async (request, reply) => {
    try {
      await withTimeout(pool.query('SELECT 1'), ReadinessQueryTimeoutMs);
      return { status: 'ready', database: 'ok', ipcBroker: ipc.brokerAlive ? 'ok' : 'unreachable' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed: PostgreSQL did not respond');
      return reply.status(503).send({ status: 'not ready', database: 'unreachable' });
    }
  });
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not respond within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
