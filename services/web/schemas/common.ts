/** JSON schemas shared by several routes. Fastify validates with them, and @fastify/swagger documents them. */

export const ErrorResponseSchema = {
  type: 'object',
  description: 'An error. `message` says what failed; 5xx messages are generic and the log has the cause.',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable code, such as KUMIKO_WEB_INVALID_PARAMETER.' },
    error: { type: 'string' },
    message: { type: 'string' },
    requestId: { type: 'string', description: 'Also in the x-request-id header and every log line.' },
  },
  required: ['statusCode', 'code', 'error', 'message', 'requestId'],
} as const;

/** Error responses every route may return. */
export const CommonErrorResponses = {
  400: ErrorResponseSchema,
  429: ErrorResponseSchema,
  500: ErrorResponseSchema,
} as const;

/** Discord snowflake as a decimal string. PostgreSQL's bigint caps it at 2^63 - 1, which the route checks. */
export const SnowflakeSchema = {
  type: 'string',
  pattern: '^[1-9][0-9]{0,18}$',
  description: 'Discord snowflake, as a decimal string.',
} as const;

export const PageQueryProperties = {
  page: { type: 'integer', minimum: 1, maximum: 10_000, default: 1, description: 'Page number, from 1.' },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page.' },
} as const;

/** Paging fields of every list response. */
export const PageResponseProperties = {
  page: { type: 'integer' },
  limit: { type: 'integer' },
  total: { type: 'integer', description: 'Items across all pages.' },
} as const;

export interface PageQuery {
  page: number;
  limit: number;
}
