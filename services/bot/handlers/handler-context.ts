import type { Market } from '../../market/market';
import type { UserRef } from '../../market/types';

/** What every handler gets: the domain, who acts, where, and the interaction id used as idempotency key. */
export interface HandlerContext {
  market: Market;
  user: UserRef;
  guildId: string | null;
  interactionId: string;
}
