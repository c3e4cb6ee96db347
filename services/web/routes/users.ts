import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

import { invalidParameter, notFound } from '../errors';
import { listSellerListings } from '../queries/listings';
import { findUserProfile, listLeaderboard } from '../queries/users';
import type { PageQuery } from '../schemas/common';
import { GetUserSchema, LeaderboardSchema } from '../schemas/users';

// PostgreSQL bigint is signed, so a larger snowflake cannot be stored and is rejected before the query.
const MaxBigint = (1n << 63n) - 1n;

/** Register `GET /api/users/:id` and `GET /api/leaderboard`. */
export function registerUserRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/api/users/:id',
    { schema: GetUserSchema },
    async (request) => {
      const { id } = request.params;
      if (BigInt(id) > MaxBigint) throw invalidParameter('id', 'must be a snowflake below 2^63');

      const profile = await findUserProfile(pool, id);
      if (!profile) throw notFound('User', id);
      const listings = await listSellerListings(pool, id, request.query);
      return { ...profile, listings: { ...listings, page: request.query.page, limit: request.query.limit } };
    },
  );

  app.get<{ Querystring: PageQuery }>('/api/leaderboard', { schema: LeaderboardSchema }, async (request) => {
    const { items, total } = await listLeaderboard(pool, request.query);
    return { items, page: request.query.page, limit: request.query.limit, total };
  });
}
