import type { BotEvent } from '../bot-event';
import { event as clientError } from './client-error';
import { event as interactionCreate } from './interaction-create';
import { event as ready } from './ready';
import { event as shardDisconnect } from './shard-disconnect';

/** Every client event handler of the bot. */
export const BotEvents = [ready, interactionCreate, shardDisconnect, clientError] as readonly BotEvent[];
