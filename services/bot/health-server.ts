import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Registry } from 'prom-client';

import type { Logger } from '../logging/logger';
import { BotError, BotErrorCodes } from './errors';

/** Checks behind the health endpoints. */
export interface HealthChecks {
  /** True when the gateway connection is READY. */
  isGatewayReady(): boolean;
  /** Resolve when a database query succeeds, reject otherwise. */
  pingDatabase(): Promise<void>;
  registry: Registry;
}

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  port: number;
  /** Interface to listen on. Kubernetes probes reach the pod IP, so the default is every interface. */
  host: string;
  /** Time the database check of /readyz may take before it counts as failed. */
  databaseTimeoutMs: number;
}

export const DefaultHealthServerOptions = {
  port: 8_080,
  host: '0.0.0.0',
  databaseTimeoutMs: 2_000,
} as const satisfies Required<HealthServerOptions>;

/** A running health server. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serve `/healthz` (the process is alive), `/readyz` (the gateway is READY and a database query succeeds) and
 * `/metrics` (Prometheus text format).
 *
 * @throws BotError `KUMIKO_BOT_HEALTH_SERVER_FAILED` when the port cannot be bound.
 */
export async function startHealthServer(
  checks: HealthChecks,
  options: Partial<HealthServerOptions>,
  logger: Logger,
): Promise<HealthServer> {
  const settings = { ...DefaultHealthServerOptions, ...options };
  const log = logger.child({ module: 'health-server' });
  const server = createServer((request, response) => {
    handle(checks, settings, request, response).catch((error: unknown) => {
      log.error({ err: error, path: request.url }, 'health request failed');
      send(response, 500, 'internal error\n');
    });
  });

  await listen(server, settings);
  const port = (server.address() as AddressInfo).port;
  log.info({ host: settings.host, port }, 'health server listening');
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(
  checks: HealthChecks,
  settings: Required<HealthServerOptions>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(response, 405, 'method not allowed\n');

  if (path === '/healthz') return send(response, 200, 'ok\n');
  if (path === '/readyz') {
    const gateway = checks.isGatewayReady();
    const database = await withTimeout(checks.pingDatabase(), settings.databaseTimeoutMs).then(
      () => true,
      () => false,
    );
    const body = JSON.stringify({
      gateway: gateway ? 'ready' : 'not ready',
      database: database ? 'ok' : 'unreachable',
    });
    return send(response, gateway && database ? 200 : 503, `${body}\n`, 'application/json');
  }
  if (path === '/metrics') {
    return send(response, 200, await checks.registry.metrics(), checks.registry.contentType);
  }
  return send(response, 404, 'not found\n');
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
) {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function listen(server: Server, settings: Required<HealthServerOptions>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new BotError(
          BotErrorCodes.HealthServerFailed,
          `The health server could not listen on ${settings.host}:${settings.port}: ${error.message}. ` +
            'Set HEALTH_PORT to a free port.',
          { cause: error },
        ),
      ),
    );
    server.listen(settings.port, settings.host, () => resolve());
  });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
