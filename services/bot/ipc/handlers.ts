import type {
  BotStatusReply,
  GuildInfoReply,
  UserProfileReply,
  UserProfileRequest,
} from '../../ipc/bot-contract';
import { IpcError, IpcErrorCodes } from '../../ipc/errors';
import { isValidSnowflake } from '../../ipc/protocol';
import type { ServiceContext } from '../../ipc/worker';
import type { BotClientView } from './client-view';

// Names of discord.js 14's `Status` enum, indexed by its numeric values (Ready = 0 … Resuming = 8).
const ShardStatusNames = [
  'ready',
  'connecting',
  'reconnecting',
  'idle',
  'nearly',
  'disconnected',
  'waiting_for_guilds',
  'identifying',
  'resuming',
] as const;

/** Report the shards of this process, its guild count and its gateway latency. */
export function readBotStatus(client: BotClientView): BotStatusReply {
  const shards = [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: ShardStatusNames[shard.status] ?? `unknown_${shard.status}`,
    pingMs: shard.ping,
  }));
  return { shards, guildCount: client.guilds.cache.size, latencyMs: client.ws.ping };
}

/**
 * Read a guild from the cache of the shard that owns it.
 *
 * @throws IpcError `KUMIKO_IPC_BAD_REQUEST` without a guild id, `KUMIKO_IPC_NOT_FOUND` for a guild the bot is
 *   not in.
 */
export function readGuildInfo(
  client: BotClientView,
  context: Pick<ServiceContext, 'guildId'>,
): GuildInfoReply {
  if (!context.guildId) {
    throw new IpcError(IpcErrorCodes.BadRequest, 'guild.info is guild-scoped: send it with a guildId.');
  }

  const guild = client.guilds.cache.get(context.guildId);
  if (!guild) {
    throw new IpcError(IpcErrorCodes.NotFound, `Guild ${context.guildId} not found: the bot is not in it.`);
  }
  return { id: guild.id, name: guild.name, memberCount: guild.memberCount, iconUrl: guild.iconURL() };
}

/**
 * Read a user from the bot's user cache. Only users the bot has seen are cached.
 *
 * @throws IpcError `KUMIKO_IPC_BAD_REQUEST` for a missing or invalid `userId`, `KUMIKO_IPC_NOT_FOUND` for a user
 *   not in the cache.
 */
export function readUserProfile(client: BotClientView, body: unknown): UserProfileReply {
  const userId = (body as Partial<UserProfileRequest> | null)?.userId;
  if (typeof userId !== 'string' || !isValidSnowflake(userId)) {
    throw new IpcError(
      IpcErrorCodes.BadRequest,
      'user.profile needs a body { userId } with a snowflake string.',
    );
  }

  const user = client.users.cache.get(userId);
  if (!user) {
    throw new IpcError(IpcErrorCodes.NotFound, `User ${userId} not found in the bot's user cache.`);
  }
  return { id: user.id, username: user.username, avatarUrl: user.displayAvatarURL() };
}
