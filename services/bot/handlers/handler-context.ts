import type { Market } from '../../market/market';
import type { UserRef } from '../../market/types';

/** Input of every handler: the domain, the acting user, the guild, and the interaction id used as idempotency key. */
export interface HandlerContext {
  market: Market;
  user: UserRef;
  guildId: string | null;
  interactionId: string;
}
