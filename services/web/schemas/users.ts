import {
  CommonErrorResponses,
  ErrorResponseSchema,
  PageQueryProperties,
  PageResponseProperties,
  SnowflakeSchema,
} from './common';
import { ListingSchema } from './listings';

export const LeaderboardEntrySchema = {
  type: 'object',
  properties: {
    rank: { type: 'integer', description: 'Competition rank: equal balances share a rank.' },
    id: { type: 'string' },
    username: { type: ['string', 'null'] },
    balance: { type: 'string', description: 'Whole petals, as a decimal string (bigint).' },
  },
  required: ['rank', 'id', 'username', 'balance'],
} as const;

export const GetUserSchema = {
  summary: "Get a user's public profile",
  description:
    'Username, leaderboard rank and balance (both already public on the leaderboard) and the active listings. ' +
    'Ledger history and inventory stay private.',
  tags: ['users'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { id: SnowflakeSchema },
    required: ['id'],
  },
  querystring: { type: 'object', additionalProperties: false, properties: { ...PageQueryProperties } },
  response: {
    200: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        username: { type: ['string', 'null'] },
        createdAt: { type: 'string', format: 'date-time' },
        rank: { type: 'integer' },
        balance: { type: 'string' },
        listings: {
          type: 'object',
          properties: { items: { type: 'array', items: ListingSchema }, ...PageResponseProperties },
          required: ['items', 'page', 'limit', 'total'],
        },
      },
      required: ['id', 'username', 'createdAt', 'rank', 'balance', 'listings'],
    },
    404: ErrorResponseSchema,
    ...CommonErrorResponses,
  },
} as const;

export const LeaderboardSchema = {
  summary: 'List users by balance',
  tags: ['users'],
  querystring: { type: 'object', additionalProperties: false, properties: { ...PageQueryProperties } },
  response: {
    200: {
      type: 'object',
      properties: { items: { type: 'array', items: LeaderboardEntrySchema }, ...PageResponseProperties },
      required: ['items', 'page', 'limit', 'total'],
    },
    ...CommonErrorResponses,
  },
} as const;
