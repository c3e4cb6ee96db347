import { Events } from 'discord.js';

import type { BotEvent } from '../bot-event';

export const event: BotEvent<Events.Error> = {
  name: Events.Error,
  execute(services, error) {
    services.logger.error({ err: error }, 'discord client error');
  },
};
