import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { IpcConnection } from '../../../services/ipc/connection';
import { waitFor } from '../../support/ipc-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import {
  buildTestApp,
  BuyerId,
  connectToNothing,
  KnownGuildId,
  Listings,
  PoorId,
  seedMarketplace,
  SellerId,
  startTestIpc,
  type TestIpc,
} from '../../support/web-harness';

let database: TestDatabase;
let pool: pg.Pool;
let ipc: TestIpc;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await seedMarketplace(pool);
  ipc = await startTestIpc();
  app = await buildTestApp(pool, ipc.connection);
});

afterAll(async () => {
  await app?.close();
  await ipc?.close();
  await pool?.end();
  await database?.drop();
});

/** The fields the tests read from any response body. */
interface ApiBody {
  items: { id: string; name: string; rank: number; price: string }[];
  page: number;
  limit: number;
  total: number;
  code: string;
  message: string;
  rank: number;
  guildCount: number;
  listings: { items: { name: string }[]; total: number };
  paths: Record<string, unknown>;
  [field: string]: unknown;
}

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return {
    status: response.statusCode,
    body: response.json<ApiBody>(),
    headers: response.headers,
  };
}

async function names(url: string): Promise<string[]> {
  const { body } = await get(url);
  return body.items.map((item) => item.name);
}

describe('GET /api/listings', () => {
  it('lists active listings newest first', async () => {
    expect(await names('/api/listings')).toEqual(['Banana', 'Apple', 'snake_case mug', '100% Cotton Shirt']);
  });

  it('returns paging fields', async () => {
    const { body } = await get('/api/listings?page=2&limit=3');
    expect({ page: body.page, limit: body.limit, total: body.total, count: body.items.length }).toEqual({
      page: 2,
      limit: 3,
      total: 4,
      count: 1,
    });
  });

  it('counts past the last page', async () => {
    const { body } = await get('/api/listings?page=9');
    expect([body.items.length, body.total]).toEqual([0, 4]);
  });

  it('sorts by price ascending', async () => {
    expect(await names('/api/listings?sort=price')).toEqual([
      'Apple',
      'snake_case mug',
      '100% Cotton Shirt',
      'Banana',
    ]);
  });

  it('sorts by name descending', async () => {
    expect(await names('/api/listings?sort=name&order=desc')).toEqual([
      'snake_case mug',
      'Banana',
      'Apple',
      '100% Cotton Shirt',
    ]);
  });

  it('searches case-insensitively', async () => {
    expect(await names('/api/listings?q=COTTON')).toEqual(['100% Cotton Shirt']);
  });

  it('matches % literally', async () => {
    expect(await names('/api/listings?q=%25')).toEqual(['100% Cotton Shirt']);
  });

  it('matches _ literally', async () => {
    expect(await names('/api/listings?q=_')).toEqual(['snake_case mug']);
  });

  it('keeps bigint prices exact', async () => {
    const { body } = await get('/api/listings?q=banana');
    expect(body.items[0]).toMatchObject({
      price: '9007199254740993',
      seller: { id: BuyerId, username: 'buyer' },
    });
  });

  it.each([
    ['/api/listings?foo=1', 'Unknown parameter "foo" in querystring.'],
    ['/api/listings?limit=0', 'Invalid parameter "limit" in querystring: must be >= 1.'],
    ['/api/listings?limit=101', 'Invalid parameter "limit" in querystring: must be <= 100.'],
    ['/api/listings?limit=abc', 'Invalid parameter "limit" in querystring: must be integer.'],
    ['/api/listings?page=0', 'Invalid parameter "page" in querystring: must be >= 1.'],
    [
      '/api/listings?sort=cheap',
      'Invalid parameter "sort" in querystring: must be equal to one of the allowed values (newest, price, name).',
    ],
    [
      '/api/listings?order=up',
      'Invalid parameter "order" in querystring: must be equal to one of the allowed values (asc, desc).',
    ],
    ['/api/listings?q=', 'Invalid parameter "q" in querystring: must NOT have fewer than 1 characters.'],
    [
      `/api/listings?q=${'x'.repeat(101)}`,
      'Invalid parameter "q" in querystring: must NOT have more than 100 characters.',
    ],
  ])('rejects %s', async (url, message) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.code).toBe('KUMIKO_WEB_INVALID_PARAMETER');
    expect(body.message).toBe(message);
  });
});

describe('GET /api/listings/:id', () => {
  it('returns a listing', async () => {
    const { status, body } = await get(`/api/listings/${Listings.shirt}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: '100% Cotton Shirt', price: '30', seller: { id: SellerId } });
  });

  it('rejects a non-uuid id', async () => {
    const { status, body } = await get('/api/listings/not-a-uuid');
    expect(status).toBe(400);
    expect(body.message).toBe('Invalid parameter "id" in params: must match format "uuid".');
  });

  it('returns 404 for an unknown id', async () => {
    const { status, body } = await get('/api/listings/00000000-0000-4000-8000-0000000000ff');
    expect(status).toBe(404);
    expect(body.code).toBe('KUMIKO_WEB_NOT_FOUND');
  });

  it('returns 404 for a removed listing', async () => {
    expect((await get(`/api/listings/${Listings.removed}`)).status).toBe(404);
  });
});

describe('GET /api/users/:id', () => {
  it('returns a public profile', async () => {
    const { status, body } = await get(`/api/users/${SellerId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: SellerId, username: 'seller', rank: 2, balance: '500' });
    expect(body.listings.total).toBe(3);
  });

  it('pages the listings', async () => {
    const { body } = await get(`/api/users/${SellerId}?limit=1&page=2`);
    expect(body.listings.items.map((item) => item.name)).toEqual(['snake_case mug']);
  });

  it('shares a rank on ties', async () => {
    expect((await get(`/api/users/${PoorId}`)).body.rank).toBe(2);
  });

  it('returns 404 for an unknown user', async () => {
    const { status, body } = await get('/api/users/123');
    expect(status).toBe(404);
    expect(body.message).toBe('User 123 not found.');
  });

  it('rejects a non-numeric id', async () => {
    const { status, body } = await get('/api/users/abc');
    expect(status).toBe(400);
    expect(body.message).toContain('"id"');
  });

  it('rejects an id above bigint', async () => {
    const { status, body } = await get('/api/users/9999999999999999999');
    expect(status).toBe(400);
    expect(body.message).toBe('Invalid parameter "id": must be a snowflake below 2^63.');
  });

  it('rejects an unknown query parameter', async () => {
    const { status, body } = await get(`/api/users/${SellerId}?inventory=1`);
    expect(status).toBe(400);
    expect(body.message).toBe('Unknown parameter "inventory" in querystring.');
  });
});

describe('GET /api/leaderboard', () => {
  it('orders by balance with ranks', async () => {
    const { body } = await get('/api/leaderboard');
    expect(body.items.map((entry) => [entry.id, entry.rank])).toEqual([
      [BuyerId, 1],
      [SellerId, 2],
      [PoorId, 2],
    ]);
  });

  it('rejects a limit over 100', async () => {
    const { status, body } = await get('/api/leaderboard?limit=500');
    expect(status).toBe(400);
    expect(body.message).toContain('"limit"');
  });
});

describe('bot routes', () => {
  it('returns a guild over IPC', async () => {
    const { status, body } = await get(`/api/guilds/${KnownGuildId}`);
    expect(status).toBe(200);
    expect(body).toEqual({ id: KnownGuildId, name: 'Petal Club', memberCount: 42, iconUrl: null });
  });

  it('returns 404 for an unknown guild', async () => {
    const { status, body } = await get('/api/guilds/4194304');
    expect(status).toBe(404);
    expect(body.message).toBe('Guild 4194304 not found: the bot is not in it.');
  });

  it('rejects an invalid guild id', async () => {
    const { status, body } = await get('/api/guilds/12x');
    expect(status).toBe(400);
    expect(body.message).toContain('"id"');
  });

  it('returns the bot status', async () => {
    const { status, body } = await get('/api/bot/status');
    expect(status).toBe(200);
    expect(body.guildCount).toBe(1);
  });

  it('rejects a bot status parameter', async () => {
    expect((await get('/api/bot/status?verbose=1')).status).toBe(400);
  });
});

describe('IPC failures', () => {
  let deadApp: FastifyInstance;
  let deadIpc: IpcConnection;

  beforeAll(async () => {
    deadIpc = connectToNothing();
    deadApp = await buildTestApp(pool, deadIpc, { ipcDeadlineMs: 300 });
  });

  afterAll(async () => {
    await deadApp?.close();
    deadIpc?.close();
  });

  it.each(['/api/bot/status', `/api/guilds/${KnownGuildId}`])('returns 503 for %s', async (url) => {
    const started = Date.now();
    const response = await deadApp.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'KUMIKO_WEB_BOT_UNAVAILABLE' });
    expect(response.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('returns 503 for events', async () => {
    await waitFor(() => !deadIpc.brokerAlive, 2_000, 'the broker to count as unreachable');
    const response = await deadApp.inject({ method: 'GET', url: '/api/events' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'KUMIKO_WEB_BOT_UNAVAILABLE' });
  });

  it('returns 503 without a worker', async () => {
    await ipc.worker.close();
    const response = await app.inject({ method: 'GET', url: '/api/bot/status' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      message: 'The bot did not answer (KUMIKO_IPC_NO_WORKER). Try again in 5 seconds.',
    });
  });
});

describe('app plumbing', () => {
  it('returns 404 for an unknown route', async () => {
    const { status, body } = await get('/api/nothing');
    expect(status).toBe(404);
    expect(body.code).toBe('KUMIKO_WEB_NOT_FOUND');
  });

  it('keeps a valid request id', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { 'x-request-id': 'lb-123' },
    });
    expect(response.headers['x-request-id']).toBe('lb-123');
    expect(response.json()).toMatchObject({ requestId: 'lb-123' });
  });

  it('answers /healthz', async () => {
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers /readyz', async () => {
    expect((await get('/readyz')).body).toMatchObject({ status: 'ready', database: 'ok' });
  });

  it('serves metrics', async () => {
    await get('/api/listings');
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.body).toContain(
      'kumiko_web_request_duration_seconds_count{method="GET",route="/api/listings"',
    );
  });

  it('serves the OpenAPI document', async () => {
    const { body } = await get('/docs/json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/listings', '/api/listings/{id}', '/api/users/{id}', '/api/events']),
    );
  });

  it('serves Swagger UI', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('sets security headers', async () => {
    const { headers } = await get('/api/listings');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('app edge cases', () => {
  it('hides internals in a 500', async () => {
    const broken = new pg.Pool({ connectionString: database.url });
    await broken.end();
    const brokenApp = await buildTestApp(broken, ipc.connection);
    const response = await brokenApp.inject({ method: 'GET', url: '/api/listings' });
    await brokenApp.close();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({
      code: 'KUMIKO_WEB_INTERNAL',
      message: 'Internal server error; the log has the cause under this request id.',
    });
  });

  it('fails /readyz without PostgreSQL', async () => {
    const unreachable = new pg.Pool({ connectionString: 'postgres://x:y@127.0.0.1:1/none' });
    const lonelyApp = await buildTestApp(unreachable, ipc.connection);
    const response = await lonelyApp.inject({ method: 'GET', url: '/readyz' });
    await lonelyApp.close();
    await unreachable.end();
    expect(response.statusCode).toBe(503);
  });

  it('limits the request rate', async () => {
    const limited = await buildTestApp(pool, ipc.connection, { rateLimitMax: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await limited.inject({ method: 'GET', url: '/api/leaderboard' })).statusCode);
    const last = await limited.inject({ method: 'GET', url: '/api/leaderboard' });
    await limited.close();
    expect(statuses).toEqual([200, 200, 429]);
    expect(last.json()).toMatchObject({ code: 'KUMIKO_WEB_RATE_LIMITED' });
  });

  it('allows a configured CORS origin', async () => {
    const corsApp = await buildTestApp(pool, ipc.connection, { corsOrigins: ['https://kumiko.example'] });
    const allowed = await corsApp.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://kumiko.example' },
    });
    const other = await corsApp.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    await corsApp.close();
    expect(allowed.headers['access-control-allow-origin']).toBe('https://kumiko.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
