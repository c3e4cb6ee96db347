import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import Fastify, { type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

import type { IpcConnection } from '../ipc/connection';
import type { Logger } from '../logging/logger';
import type { WebConfig } from './config';
import { formatSchemaErrors, registerErrorHandling } from './plugins/error-handler';
import { registerMetrics } from './plugins/metrics';
import { registerOpenApi } from './plugins/openapi';
import { registerSecurity } from './plugins/security';
import { registerBotRoutes } from './routes/bot';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerListingRoutes } from './routes/listings';
import { registerUserRoutes } from './routes/users';

/** Dependencies of {@link buildApp}. The caller owns them and closes them after the app. */
export interface BuildAppOptions {
  config: WebConfig;
  pool: Pool;
  ipc: IpcConnection;
  logger: Logger;
}

const RequestIdPattern = /^[\w.:-]{1,64}$/;

/** Build the web backend's fastify app with all plugins and routes. It listens only when the caller says so. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, pool, ipc } = options;
  const app = Fastify({
    loggerInstance: options.logger.child({ module: 'web' }),
    genReqId: readOrCreateRequestId,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    // useDefaults fills page and limit. removeAdditional is off, so an unknown parameter gets a 400 instead of
    // being dropped silently.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
    schemaErrorFormatter: formatSchemaErrors,
  }) as unknown as FastifyInstance;

  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  registerErrorHandling(app);
  await registerSecurity(app, config);
  await registerOpenApi(app);
  const metrics = registerMetrics(app, ipc);

  registerHealthRoutes(app, pool, ipc);
  registerListingRoutes(app, pool, config.listingsCacheTtlMs);
  registerUserRoutes(app, pool);
  registerBotRoutes(app, ipc, config.ipcDeadlineMs);
  registerEventRoutes(app, ipc, {
    keepAliveMs: config.sseKeepAliveMs,
    maxConnections: config.sseMaxConnections,
    openStreams: metrics.openStreams,
  });
  return app;
}

// A load balancer's x-request-id is kept so that its logs and ours share the id; anything odd is replaced.
function readOrCreateRequestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && RequestIdPattern.test(header) ? header : randomUUID();
}
