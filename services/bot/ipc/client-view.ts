/**
 * The part of a discord.js 14 `Client` that the IPC handlers read. A real `Client` fits this type, and tests
 * pass plain objects, so the handlers run without Discord.
 */
export interface BotClientView {
  ws: {
    /** Average heartbeat latency in ms, -1 before the first heartbeat. */
    readonly ping: number;
    shards: { values(): Iterable<{ id: number; status: number; ping: number }> };
  };
  guilds: { cache: { readonly size: number; get(id: string): GuildView | undefined } };
  users: { cache: { get(id: string): UserView | undefined } };
}

/** The fields of a discord.js `Guild` that `guild.info` returns. */
export interface GuildView {
  id: string;
  name: string;
  memberCount: number;
  iconURL(): string | null;
}

/** The fields of a discord.js `User` that `user.profile` returns. */
export interface UserView {
  id: string;
  username: string;
  displayAvatarURL(): string;
}
