import type { Client, ClientEvents } from 'discord.js';

import type { BotServices } from './command';

/** A client event handler module in `services/bot/events/`. */
export interface BotEvent<Name extends keyof ClientEvents = keyof ClientEvents> {
  name: Name;
  once?: boolean;
  execute(services: BotServices, ...args: ClientEvents[Name]): Promise<void> | void;
}

/** Attach event handlers to a client. A rejected handler is logged, never left unhandled. */
export function registerEvents(client: Client, services: BotServices, events: readonly BotEvent[]): void {
  for (const event of events) {
    const listener = (...args: unknown[]) => {
      Promise.resolve(
        (event.execute as (services: BotServices, ...rest: unknown[]) => Promise<void> | void)(
          services,
          ...args,
        ),
      ).catch((error: unknown) =>
        services.logger.error({ err: error, event: event.name }, 'event handler failed'),
      );
    };
    if (event.once) client.once(event.name, listener);
    else client.on(event.name, listener);
  }
}
