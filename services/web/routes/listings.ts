import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

import { notFound } from '../errors';
import { findListing, listListings } from '../queries/listings';
import { TtlCache } from '../queries/ttl-cache';
import { GetListingSchema, ListListingsSchema, type ListingsQuery } from '../schemas/listings';

/** Most distinct listing pages kept in the cache. */
const MaxCachedPages = 1_000;

/**
 * Register `GET /api/listings` and `GET /api/listings/:id`. List pages are cached for `cacheTtlMs`, so a page
 * may show a listing up to that long after it sold out or was removed. Single listings are always read fresh.
 */
export function registerListingRoutes(app: FastifyInstance, pool: Pool, cacheTtlMs: number): void {
  // The cache stores the serialised JSON, so a hit skips the query and the serialisation.
  const cache = new TtlCache<string | Buffer | ArrayBuffer>(cacheTtlMs, MaxCachedPages);

  app.get<{ Querystring: ListingsQuery }>(
    '/api/listings',
    { schema: ListListingsSchema },
    async (request, reply) => {
      const { q, sort, order, page, limit } = request.query;
      const key = JSON.stringify([q, sort, order, page, limit]);
      const body = await cache.get(key, async () => {
        const { items, total } = await listListings(pool, request.query);
        return reply.serialize({ items, page, limit, total });
      });
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get<{ Params: { id: string } }>('/api/listings/:id', { schema: GetListingSchema }, async (request) => {
    const listing = await findListing(pool, request.params.id);
    if (!listing) throw notFound('Listing', request.params.id);
    return listing;
  });
}
