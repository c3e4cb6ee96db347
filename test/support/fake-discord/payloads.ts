/** Ids of the fake Discord world. Snowflakes above 2^53, as real ones are. */
export const FakeIds = {
  applicationId: '1100000000000000001',
  botUserId: '1100000000000000001',
  guildId: '1200000000000000001',
  channelId: '1300000000000000001',
  commandId: '1400000000000000001',
} as const;

/** A Discord user as the fake sends it. */
export interface FakeUser {
  id: string;
  username: string;
}

/** Build the READY dispatch data for one shard, with the guild announced as unavailable until GUILD_CREATE. */
export function readyData(gatewayUrl: string, shard: [number, number]) {
  return {
    v: 10,
    user: {
      id: FakeIds.botUserId,
      username: 'kumiko-test',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      verified: true,
      flags: 0,
    },
    guilds: [{ id: FakeIds.guildId, unavailable: true }],
    session_id: 'fake-session',
    resume_gateway_url: gatewayUrl,
    shard,
    application: { id: FakeIds.applicationId, flags: 0 },
  };
}

/** Build the GUILD_CREATE dispatch data of the fake guild with one text channel. */
export function guildCreateData() {
  return {
    id: FakeIds.guildId,
    name: 'Fake Guild',
    icon: null,
    owner_id: '1500000000000000001',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    nsfw_level: 0,
    preferred_locale: 'en-US',
    premium_progress_bar_enabled: false,
    features: [],
    roles: [],
    emojis: [],
    stickers: [],
    channels: [
      {
        id: FakeIds.channelId,
        type: 0,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        guild_id: FakeIds.guildId,
      },
    ],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: '2026-01-01T00:00:00.000Z',
  };
}

/** A slash command option as Discord sends it: a subcommand (type 1) with options, or a value. */
export type FakeOption =
  | { type: 1; name: string; options: FakeOption[] }
  | { type: 3 | 4 | 5 | 6; name: string; value: string | number | boolean; focused?: boolean };

/** Build INTERACTION_CREATE data for a slash command (type 2) or an autocomplete request (type 4). */
export function commandInteractionData(input: {
  id: string;
  token: string;
  user: FakeUser;
  commandName: string;
  options: FakeOption[];
  type?: 2 | 4;
}) {
  return {
    id: input.id,
    application_id: FakeIds.applicationId,
    type: input.type ?? 2,
    token: input.token,
    version: 1,
    guild_id: FakeIds.guildId,
    channel_id: FakeIds.channelId,
    channel: { id: FakeIds.channelId, type: 0, guild_id: FakeIds.guildId, name: 'general' },
    member: {
      user: {
        id: input.user.id,
        username: input.user.username,
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
      roles: [],
      joined_at: '2026-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: '2248473465835073',
    },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': FakeIds.guildId },
    context: 0,
    data: {
      id: FakeIds.commandId,
      name: input.commandName,
      type: 1,
      guild_id: FakeIds.guildId,
      options: input.options,
    },
  };
}

/** Build a message object as the REST API returns it for a webhook edit or follow-up. */
export function messageData(id: string, body: Record<string, unknown>) {
  return {
    id,
    type: 20,
    channel_id: FakeIds.channelId,
    guild_id: FakeIds.guildId,
    author: { id: FakeIds.botUserId, username: 'kumiko-test', discriminator: '0', bot: true, avatar: null },
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    application_id: FakeIds.applicationId,
    webhook_id: FakeIds.applicationId,
  };
}

/** Build INTERACTION_CREATE data for a click on a button (type 3) of a message the bot sent. */
export function buttonInteractionData(input: {
  id: string;
  token: string;
  user: FakeUser;
  customId: string;
}) {
  const base = commandInteractionData({ ...input, commandName: 'unused', options: [] });
  return {
    ...base,
    type: 3,
    message: messageData('1700000000000000001', { content: '' }),
    data: { custom_id: input.customId, component_type: 2 },
  };
}
