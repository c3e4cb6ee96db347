import type pg from 'pg';

import type { Logger } from '../logging/logger';
import type { MarketEventSink } from './events';
import type { MarketOptions } from './options';

/** A Discord user as an operation sees it. `id` is the snowflake as a decimal string. */
export interface UserRef {
  id: string;
  username: string;
}

/** Dependencies and settings that every marketplace operation runs with. */
export interface MarketContext {
  pool: pg.Pool;
  options: MarketOptions;
  sink: MarketEventSink;
  logger: Logger;
  /** Current time, used for cooldowns and timestamps so tests can move it. */
  clock: () => Date;
}

/** One listing as the marketplace shows it. Amounts are whole petals, dates ISO 8601. */
export interface Listing {
  id: string;
  sellerId: string;
  sellerName: string | null;
  name: string;
  description: string | null;
  price: number;
  stock: number;
  priceChanged: boolean;
  listedAt: string;
  legacy: boolean;
}

/** A page of results with the total number of matching rows. */
export interface Page<Item> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}

/** Paging input: `limit` rows starting after `offset` rows. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}

/** Input shared by every mutating operation. */
export interface MutationRequest {
  /** Unique per request, such as the Discord interaction id. A retry with the same key returns the first outcome. */
  idempotencyKey: string;
}

/** Result of a mutating operation. `replayed` is true when the outcome was stored by an earlier request. */
export type MutationResult<Outcome> = Outcome & { replayed: boolean };
