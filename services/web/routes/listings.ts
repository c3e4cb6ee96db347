import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

import { notFound } from '../errors';
import { findListing, listListings } from '../queries/listings';
import { GetListingSchema, ListListingsSchema, type ListingsQuery } from '../schemas/listings';

/** Register `GET /api/listings` and `GET /api/listings/:id`. */
export function registerListingRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Querystring: ListingsQuery }>(
    '/api/listings',
    { schema: ListListingsSchema },
    async (request) => {
      const { items, total } = await listListings(pool, request.query);
      return { items, page: request.query.page, limit: request.query.limit, total };
    },
  );

  app.get<{ Params: { id: string } }>('/api/listings/:id', { schema: GetListingSchema }, async (request) => {
    const listing = await findListing(pool, request.params.id);
    if (!listing) throw notFound('Listing', request.params.id);
    return listing;
  });
}
