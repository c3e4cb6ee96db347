import { Events } from 'discord.js';

import type { BotEvent } from '../bot-event';

export const event: BotEvent<Events.ShardDisconnect> = {
  name: Events.ShardDisconnect,
  execute(services, closeEvent, shardId) {
    services.metrics.gatewayReady.set(0);
    services.logger.warn({ shardId, code: closeEvent.code }, 'shard disconnected and will not reconnect');
  },
};
