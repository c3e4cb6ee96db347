import type { ServerResponse } from 'node:http';

import type { FastifyInstance } from 'fastify';
import type { Gauge } from 'prom-client';

import type { IpcConnection } from '../../ipc/connection';
import type { ReceivedEvent } from '../../ipc/events';
import { WebError, WebErrorCodes } from '../errors';
import { EventsSchema } from '../schemas/bot';

/** Options of {@link registerEventRoutes}. */
export interface EventRouteOptions {
  keepAliveMs: number;
  maxConnections: number;
  openStreams: Gauge;
}

/** A client that has this many bytes unsent is too slow, and its stream is closed. */
const MaxBufferedBytes = 1_048_576;

/**
 * Register `GET /api/events`: a Server-Sent Events stream of the marketplace events from the IPC PUB/SUB
 * channel. A request while the broker is unreachable gets a 503. Streams are closed when the client leaves,
 * falls too far behind, or the server shuts down.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  ipc: IpcConnection,
  options: EventRouteOptions,
): void {
  const streams = new Set<() => void>();

  app.addHook('preClose', (done) => {
    for (const close of [...streams]) close();
    done();
  });

  app.get<{ Querystring: { topic?: string } }>('/api/events', { schema: EventsSchema }, (request, reply) => {
    if (streams.size >= options.maxConnections) {
      throw new WebError(
        503,
        WebErrorCodes.TooManyStreams,
        `This server already has ${options.maxConnections} open event streams. Try again later.`,
      );
    }
    if (!ipc.brokerAlive) {
      throw new WebError(
        503,
        WebErrorCodes.BotUnavailable,
        'The event stream is unavailable because the IPC broker is unreachable. Try again in 5 seconds.',
      );
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    raw.write('retry: 3000\n: connected\n\n');

    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      unsubscribe();
      if (streams.delete(close)) options.openStreams.dec();
      if (!raw.writableEnded) raw.end();
      request.log.info('event stream closed');
    };
    const unsubscribe = ipc.subscribe(request.query.topic ?? '', (event) => {
      if (!writeEvent(raw, event)) {
        request.log.warn({ bufferedBytes: raw.writableLength }, 'event stream client too slow; closing');
        close();
      }
    });
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), options.keepAliveMs);

    streams.add(close);
    options.openStreams.inc();
    request.raw.on('close', close);
    request.log.info({ topic: request.query.topic ?? '*' }, 'event stream opened');
  });
}

/** Write one event. Returns false when the client has fallen too far behind. */
function writeEvent(raw: ServerResponse, event: ReceivedEvent): boolean {
  if (raw.writableLength > MaxBufferedBytes) return false;
  raw.write(
    `id: ${event.publisherId}:${event.sequence}\nevent: ${event.topic}\ndata: ${JSON.stringify(event.body)}\n\n`,
  );
  return true;
}
