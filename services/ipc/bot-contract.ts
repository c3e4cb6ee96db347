/** Services that the bot serves over IPC, and the shapes of their replies. The web and the bot both use these. */
export const BotServices = {
  status: 'bot.status',
  guildInfo: 'guild.info',
  userProfile: 'user.profile',
} as const;

/** Reply of `bot.status`. */
export interface BotStatusReply {
  shards: { id: number; status: string; pingMs: number }[];
  guildCount: number;
  /** Average heartbeat latency over the shards of this process, in ms; -1 before the first heartbeat. */
  latencyMs: number;
}

/** Reply of `guild.info`. The request is guild-scoped: it carries the guild id in its routing, not its body. */
export interface GuildInfoReply {
  id: string;
  name: string;
  memberCount: number;
  iconUrl: string | null;
}

/** Body of `user.profile`. */
export interface UserProfileRequest {
  userId: string;
}

/** Reply of `user.profile`, from the bot's user cache. */
export interface UserProfileReply {
  id: string;
  username: string;
  avatarUrl: string;
}

/** Topics of the marketplace events published over IPC. */
export const MarketEventTopics = [
  'listing.created',
  'listing.sold',
  'listing.updated',
  'listing.removed',
  'balance.changed',
] as const;
