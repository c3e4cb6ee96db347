import { Events } from 'discord.js';

import type { BotEvent } from '../bot-event';

export const event: BotEvent<Events.ClientReady> = {
  name: Events.ClientReady,
  once: true,
  execute(services, client) {
    services.metrics.gatewayReady.set(1);
    services.logger.info(
      { botUserId: client.user.id, guilds: client.guilds.cache.size, shards: client.options.shards },
      'gateway ready',
    );
  },
};
