import { z } from 'zod';

import { KumikoEnvSchema, type KumikoEnvironment } from '../config/environment';
import { loadEnv } from '../config/load-env';
import type { MarketOptions } from '../market/options';
import { isBotError } from './errors';
import { resolveShardIds } from './shards';

const Snowflake = z.string().regex(/^[1-9][0-9]{0,19}$/, 'expected a Discord snowflake (digits only)');
const WholeNumber = (min: number) =>
  z.coerce.number().int(`expected a whole number`).min(min, `expected ${min} or more`);

/** Environment variables of the bot. Every service and the Kubernetes program use these exact names. */
export const BotEnvSchema = z
  .object({
    DISCORD_TOKEN: z.string({ required_error: 'required: the bot token from the Discord developer portal' }),
    DISCORD_APPLICATION_ID: Snowflake.optional(),
    DATABASE_URL: z.string().optional(),
    DISCORD_REST_URL: z.string().url('expected an http(s) URL such as http://127.0.0.1:3000/api').optional(),
    SHARD_COUNT: WholeNumber(1).default(1),
    SHARD_IDS: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'expected a comma-separated list of shard numbers such as 0,1')
      .optional(),
    SHARDS_PER_POD: WholeNumber(1).optional(),
    POD_NAME: z.string().optional(),
    HEALTH_PORT: WholeNumber(0).max(65_535, 'expected a port up to 65535').default(8_080),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MARKET_LISTING_FEE: WholeNumber(0).default(10),
    MARKET_LISTING_COOLDOWN_HOURS: z.coerce.number().min(0, 'expected 0 or more hours').default(12),
    DAILY_REWARD_AMOUNT: WholeNumber(1).default(100),
    KUMIKO_ENV: KumikoEnvSchema,
  })
  .superRefine((env, context) => {
    if (env.SHARD_IDS !== undefined && env.SHARDS_PER_POD !== undefined) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SHARD_IDS'],
        message: 'set either SHARD_IDS or SHARDS_PER_POD with POD_NAME, not both',
      });
      return;
    }
    try {
      resolveShardIds(shardSettings(env));
    } catch (error) {
      if (!isBotError(error)) throw error;
      const path = env.SHARD_IDS !== undefined ? 'SHARD_IDS' : 'POD_NAME';
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: [path],
        message: error.message.replace(/\.$/, ''),
      });
    }
  });

type BotEnv = z.infer<typeof BotEnvSchema>;

/** The bot's parsed configuration. */
export interface BotConfig {
  discordToken: string;
  applicationId: string | undefined;
  databaseUrl: string | undefined;
  /** Base URL of the REST API, ending in `/api`, when REST traffic goes through a proxy or a test server. */
  restUrl: string | undefined;
  shardCount: number;
  shardIds: number[];
  healthPort: number;
  logLevel: string;
  environment: KumikoEnvironment;
  market: Pick<MarketOptions, 'listingFee' | 'listingCooldownMs' | 'dailyRewardAmount'>;
}

/**
 * Parse the bot's environment once, with every bad variable listed at once.
 *
 * @throws ConfigError `KUMIKO_CONFIG_INVALID` naming each missing or invalid variable.
 */
export function loadBotConfig(env: NodeJS.ProcessEnv): Readonly<BotConfig> {
  const parsed = loadEnv(BotEnvSchema, env);
  return Object.freeze({
    discordToken: parsed.DISCORD_TOKEN,
    applicationId: parsed.DISCORD_APPLICATION_ID,
    databaseUrl: parsed.DATABASE_URL,
    restUrl: parsed.DISCORD_REST_URL,
    shardCount: parsed.SHARD_COUNT,
    shardIds: resolveShardIds(shardSettings(parsed)),
    healthPort: parsed.HEALTH_PORT,
    logLevel: parsed.LOG_LEVEL,
    environment: parsed.KUMIKO_ENV,
    market: {
      listingFee: parsed.MARKET_LISTING_FEE,
      listingCooldownMs: Math.round(parsed.MARKET_LISTING_COOLDOWN_HOURS * 3_600_000),
      dailyRewardAmount: parsed.DAILY_REWARD_AMOUNT,
    },
  });
}

function shardSettings(env: BotEnv) {
  return {
    shardCount: env.SHARD_COUNT,
    ...(env.SHARD_IDS !== undefined ? { shardIds: env.SHARD_IDS.split(',').map(Number) } : {}),
    ...(env.SHARDS_PER_POD !== undefined ? { shardsPerPod: env.SHARDS_PER_POD } : {}),
    ...(env.POD_NAME !== undefined ? { podName: env.POD_NAME } : {}),
  };
}
