import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { Dispatcher } from './dispatcher';

/** Prometheus metrics of one broker, in a registry of its own so that several brokers fit in one test. */
export interface BrokerMetrics {
  registry: Registry;
  requests: Counter<'service' | 'outcome'>;
  requestDuration: Histogram<'service'>;
  droppedFrames: Counter<'socket' | 'reason'>;
  eventsForwarded: Counter;
  eventGaps: Counter;
}

/** Create the broker's metrics. Gauges read the dispatcher when scraped. */
export function createBrokerMetrics(
  dispatcher: Dispatcher,
  options: { defaultMetrics: boolean },
): BrokerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'kumiko_ipc_broker_' });

  const requests = new Counter({
    name: 'kumiko_ipc_requests_total',
    help: 'Requests that the broker finished, by service and outcome (ok or the error code).',
    labelNames: ['service', 'outcome'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'kumiko_ipc_request_duration_seconds',
    help: 'Time from the broker receiving a request to sending its reply, in seconds.',
    labelNames: ['service'] as const,
    buckets: [0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const droppedFrames = new Counter({
    name: 'kumiko_ipc_dropped_frames_total',
    help: 'Messages the broker dropped: malformed, undeliverable or over a full send queue.',
    labelNames: ['socket', 'reason'] as const,
    registers: [registry],
  });
  const eventsForwarded = new Counter({
    name: 'kumiko_ipc_events_forwarded_total',
    help: 'Events forwarded from publishers to subscribers.',
    registers: [registry],
  });
  const eventGaps = new Counter({
    name: 'kumiko_ipc_event_gaps_total',
    help: 'Events missing between publishers and the broker, from skipped sequence numbers.',
    registers: [registry],
  });

  new Gauge({
    name: 'kumiko_ipc_queue_depth',
    help: 'Requests waiting for a free worker, by service.',
    labelNames: ['service'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [service, depth] of dispatcher.queueDepths()) this.set({ service }, depth);
    },
  });
  new Gauge({
    name: 'kumiko_ipc_live_workers',
    help: 'Live workers by service.',
    labelNames: ['service'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [service, count] of dispatcher.liveWorkersByService()) this.set({ service }, count);
    },
  });

  return { registry, requests, requestDuration, droppedFrames, eventsForwarded, eventGaps };
}
