import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one bot process. */
export interface BotMetrics {
  registry: Registry;
  /** Interactions handled, by command (`market buy`, `pager`, …) and outcome (ok, rejected, failed). */
  interactions: Counter<'command' | 'outcome'>;
  /** Time from receiving an interaction to the end of its handling, in seconds. */
  interactionSeconds: Histogram<'command'>;
  inflight: Gauge;
  /** 1 when the gateway connection is READY. */
  gatewayReady: Gauge;
}

/** Create the bot's metrics on a registry of their own, with Node.js process metrics. */
export function createBotMetrics(): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kumiko_bot_' });

  return {
    registry,
    interactions: new Counter({
      name: 'kumiko_bot_interactions_total',
      help: 'Interactions handled, by command and outcome (ok, rejected for expected domain errors, failed).',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    }),
    interactionSeconds: new Histogram({
      name: 'kumiko_bot_interaction_duration_seconds',
      help: 'Time from receiving an interaction to the end of its handling, in seconds.',
      labelNames: ['command'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    inflight: new Gauge({
      name: 'kumiko_bot_inflight_interactions',
      help: 'Interactions being handled now.',
      registers: [registry],
    }),
    gatewayReady: new Gauge({
      name: 'kumiko_bot_gateway_ready',
      help: '1 when the Discord gateway connection is READY, else 0.',
      registers: [registry],
    }),
  };
}
