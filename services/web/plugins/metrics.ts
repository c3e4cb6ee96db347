import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

import type { IpcConnection } from '../../ipc/connection';

/** Metrics of one app, in a registry of its own so that tests can build several apps in one process. */
export interface WebMetrics {
  registry: Registry;
  openStreams: Gauge;
}

/** Time every request by route and status, and serve the registry at /metrics. */
export function registerMetrics(app: FastifyInstance, ipc: IpcConnection): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kumiko_web_' });

  const duration = new Histogram({
    name: 'kumiko_web_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const openStreams = new Gauge({
    name: 'kumiko_web_event_streams',
    help: 'Open Server-Sent Events connections.',
    registers: [registry],
  });
  new Gauge({
    name: 'kumiko_web_event_gaps_total',
    help: 'Events lost before this process, from gaps in publisher sequence numbers (a counter, read on scrape).',
    registers: [registry],
    collect() {
      this.set(ipc.missedEvents);
    },
  });
  new Gauge({
    name: 'kumiko_web_ipc_broker_alive',
    help: '1 when the IPC broker responded within the client expiry, else 0.',
    registers: [registry],
    collect() {
      this.set(ipc.brokerAlive ? 1 : 0);
    },
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1_000,
    );
    done();
  });

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return { registry, openStreams };
}
