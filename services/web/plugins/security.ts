import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

import type { WebConfig } from '../config';
import { WebError, WebErrorCodes } from '../errors';

/**
 * Add security headers, CORS for the configured origins only, and a per-address rate limit.
 * NOTE: each replica counts the rate limit in its own memory, so behind N replicas a client gets up to N times
 * RATE_LIMIT_MAX. A shared store (Redis) would make the limit global.
 */
export async function registerSecurity(app: FastifyInstance, config: WebConfig): Promise<void> {
  await app.register(helmet, { global: true });
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'HEAD', 'OPTIONS'],
  });
  await app.register(rateLimit, {
    max: config.rateLimitMax,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new WebError(
        429,
        WebErrorCodes.RateLimited,
        `Rate limit of ${context.max} requests per minute exceeded. Retry in ${Math.ceil(context.ttl / 1_000)} s.`,
      ),
  });
}
