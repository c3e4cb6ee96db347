import { MarketEventTopics } from '../../ipc/bot-contract';
import { CommonErrorResponses, ErrorResponseSchema, SnowflakeSchema } from './common';

const BotErrorResponses = { ...CommonErrorResponses, 503: ErrorResponseSchema } as const;

export const GetGuildSchema = {
  summary: 'Get a guild the bot is in',
  description:
    "Answered by the bot process that runs the guild's shard, over IPC. 503 when the bot is unreachable.",
  tags: ['bot'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { id: SnowflakeSchema },
    required: ['id'],
  },
  response: {
    200: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        memberCount: { type: 'integer' },
        iconUrl: { type: ['string', 'null'] },
      },
      required: ['id', 'name', 'memberCount', 'iconUrl'],
    },
    404: ErrorResponseSchema,
    ...BotErrorResponses,
  },
} as const;

export const BotStatusSchema = {
  summary: 'Get the bot status',
  description: 'Shards, guild count and latency of one bot process (shard group), over IPC.',
  tags: ['bot'],
  querystring: { type: 'object', additionalProperties: false, properties: {} },
  response: {
    200: {
      type: 'object',
      properties: {
        shards: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'integer' }, status: { type: 'string' }, pingMs: { type: 'number' } },
            required: ['id', 'status', 'pingMs'],
          },
        },
        guildCount: { type: 'integer' },
        latencyMs: { type: 'number' },
      },
      required: ['shards', 'guildCount', 'latencyMs'],
    },
    ...BotErrorResponses,
  },
} as const;

export const EventsSchema = {
  summary: 'Stream marketplace events',
  description:
    'Server-Sent Events. Each event has `event: <topic>`, `id: <publisher>:<sequence>` and a JSON `data` line. ' +
    'A comment line is sent every 15 s to keep proxies from closing the stream.',
  tags: ['events'],
  produces: ['text/event-stream'],
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      topic: {
        type: 'string',
        enum: MarketEventTopics,
        description: 'Only this topic; all topics when absent.',
      },
    },
  },
  response: {
    200: { description: 'The event stream.', type: 'string' },
    503: ErrorResponseSchema,
    ...CommonErrorResponses,
  },
} as const;
