import { createServer, type Server } from 'node:http';

import type { Registry } from 'prom-client';

import type { Logger } from '../logging/logger';

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Whether the process can take traffic, for `/readyz`. */
  isReady: () => boolean;
}

/**
 * Serve `/healthz` (the process runs), `/readyz` (it can take traffic) and `/metrics` (Prometheus text format)
 * over plain HTTP.
 */
export async function startHealthServer(options: HealthServerOptions, logger: Logger): Promise<Server> {
  const log = logger.child({ module: 'health-server' });
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      const ready = options.isReady();
      response
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ready' : 'not ready' }));
      return;
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) => {
          log.error({ err: error }, 'collecting metrics failed');
          response.writeHead(500).end();
        },
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  log.info({ host: options.host, port: options.port }, 'health server listening');
  return server;
}
