import { get as httpGet, type IncomingMessage } from 'node:http';

import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitFor } from '../../support/ipc-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import {
  buildTestApp,
  KnownGuildId,
  seedMarketplace,
  startTestIpc,
  type TestIpc,
} from '../../support/web-harness';

let database: TestDatabase;
let pool: pg.Pool;
let ipc: TestIpc;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await seedMarketplace(pool);
  ipc = await startTestIpc();
  app = await buildTestApp(pool, ipc.connection);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await ipc?.close();
  await pool?.end();
  await database?.drop();
});

/** Open an SSE stream and collect its text until `close()` is called. */
function openStream(
  path: string,
): Promise<{ response: IncomingMessage; text: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${baseUrl}${path}`, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('error', () => {});
      resolve({ response, text: () => text, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function openStreamCount(): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^kumiko_web_event_streams (\d+)/m.exec(metrics)?.[1]);
}

describe('web backend over HTTP', () => {
  it('serves listings', async () => {
    const response = await fetch(`${baseUrl}/api/listings?limit=2`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('serves a guild over IPC', async () => {
    const response = await fetch(`${baseUrl}/api/guilds/${KnownGuildId}`);
    expect(await response.json()).toMatchObject({ name: 'Petal Club' });
  });

  it('rejects an unknown event topic', async () => {
    const response = await fetch(`${baseUrl}/api/events?topic=listing.stolen`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('"topic"');
  });

  it('streams a published event', async () => {
    const stream = await openStream('/api/events?topic=listing.sold');
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');

    // The SUB socket joins asynchronously, so the event repeats until the first copy arrives.
    await waitFor(
      () => {
        if (!stream.text().includes('event: listing.sold')) {
          ipc.publisher.publish('listing.sold', { type: 'listing.sold', listingId: 'x', price: '7' });
        }
        return stream.text().includes('event: listing.sold');
      },
      5_000,
      'the event on the stream',
    );
    ipc.publisher.publish('listing.created', { type: 'listing.created' });
    await waitFor(() => stream.text().includes(': keep-alive'), 2_000, 'a keep-alive comment');
    stream.close();

    expect(stream.text()).toMatch(
      new RegExp(
        `id: ${ipc.publisher.publisherId}:\\d+\nevent: listing.sold\ndata: \\{"type":"listing.sold","listingId":"x","price":"7"\\}\n\n`,
      ),
    );
    expect(stream.text()).not.toContain('listing.created');
  });

  it('closes a stream on disconnect', async () => {
    const stream = await openStream('/api/events');
    await waitFor(async () => (await openStreamCount()) === 1, 2_000, 'the stream to open');
    stream.close();
    await waitFor(async () => (await openStreamCount()) === 0, 2_000, 'the stream to close');
    expect(await openStreamCount()).toBe(0);
  });

  it('ends streams on shutdown', async () => {
    const stream = await openStream('/api/events');
    const ended = new Promise<void>((resolve) => stream.response.on('end', resolve));
    await app.close();
    await ended;
    expect(stream.response.complete).toBe(true);
  });
});
