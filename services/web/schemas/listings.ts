import {
  CommonErrorResponses,
  ErrorResponseSchema,
  PageQueryProperties,
  PageResponseProperties,
} from './common';

export const ListingSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    price: { type: 'string', description: 'Whole petals, as a decimal string (bigint).' },
    stock: { type: 'integer' },
    priceChanged: { type: 'boolean' },
    listedAt: { type: 'string', format: 'date-time' },
    seller: {
      type: 'object',
      properties: { id: { type: 'string' }, username: { type: ['string', 'null'] } },
      required: ['id', 'username'],
    },
  },
  required: ['id', 'name', 'description', 'price', 'stock', 'priceChanged', 'listedAt', 'seller'],
} as const;

export const ListingSortValues = ['newest', 'price', 'name'] as const;

export interface ListingsQuery {
  q?: string;
  sort: (typeof ListingSortValues)[number];
  order?: 'asc' | 'desc';
  page: number;
  limit: number;
}

export const ListListingsSchema = {
  summary: 'List active listings',
  description:
    'Listings not removed, searched by name and sorted. Newest sorts descending by default, the others ascending.',
  tags: ['listings'],
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      q: {
        type: 'string',
        minLength: 1,
        maxLength: 100,
        description: 'Text the name contains, case-insensitive.',
      },
      sort: { type: 'string', enum: ListingSortValues, default: 'newest' },
      order: { type: 'string', enum: ['asc', 'desc'] },
      ...PageQueryProperties,
    },
  },
  response: {
    200: {
      type: 'object',
      properties: { items: { type: 'array', items: ListingSchema }, ...PageResponseProperties },
      required: ['items', 'page', 'limit', 'total'],
    },
    ...CommonErrorResponses,
  },
} as const;

export const GetListingSchema = {
  summary: 'Get one active listing',
  tags: ['listings'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { id: { type: 'string', format: 'uuid' } },
    required: ['id'],
  },
  response: { 200: ListingSchema, 404: ErrorResponseSchema, ...CommonErrorResponses },
} as const;
