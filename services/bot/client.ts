import { Client, GatewayIntentBits } from 'discord.js';

import type { BotConfig } from './config';

/**
 * Build the discord.js client from the configuration: the Guilds intent only (slash commands need no
 * privileged intent), the shards this process serves, and the REST base URL when `DISCORD_REST_URL` is set.
 * The gateway URL comes from `GET /gateway/bot` on that REST API.
 */
export function createDiscordClient(config: Pick<BotConfig, 'shardIds' | 'shardCount' | 'restUrl'>): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    shards: config.shardIds,
    shardCount: config.shardCount,
    ...(config.restUrl ? { rest: { api: config.restUrl } } : {}),
  });
}
