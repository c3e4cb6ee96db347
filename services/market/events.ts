/**
 * Events that the marketplace publishes after a transaction commits. Ids are strings because Discord snowflakes
 * exceed 2^53, amounts are whole petals, and `occurredAt` is an ISO 8601 timestamp.
 */
export type MarketEvent =
  ListingCreatedEvent | ListingSoldEvent | ListingUpdatedEvent | ListingRemovedEvent | BalanceChangedEvent;

/** A new listing was put on the marketplace. */
export interface ListingCreatedEvent {
  type: 'listing.created';
  occurredAt: string;
  listingId: string;
  sellerId: string;
  name: string;
  price: number;
  stock: number;
}

/** Units of a listing were bought. `total` is what the buyer paid and the seller received. */
export interface ListingSoldEvent {
  type: 'listing.sold';
  occurredAt: string;
  listingId: string;
  buyerId: string;
  sellerId: string;
  quantity: number;
  total: number;
  remainingStock: number;
}

/** A seller restocked or repriced a listing. `price` and `stock` are the values after the change. */
export interface ListingUpdatedEvent {
  type: 'listing.updated';
  occurredAt: string;
  listingId: string;
  sellerId: string;
  change: 'restock' | 'reprice';
  price: number;
  stock: number;
}

/** A seller removed a listing. It stays in the database, hidden from the marketplace. */
export interface ListingRemovedEvent {
  type: 'listing.removed';
  occurredAt: string;
  listingId: string;
  sellerId: string;
}

/** A user's balance changed. `balance` is the new balance. */
export interface BalanceChangedEvent {
  type: 'balance.changed';
  occurredAt: string;
  userId: string;
  balance: number;
}

/**
 * Receiver of marketplace events, such as a message-bus publisher. `publish` is called after the transaction
 * commits and must not block: a sink that does I/O queues the event and returns.
 */
export interface MarketEventSink {
  publish(event: MarketEvent): void;
}

/** A sink that drops every event, the default when a caller passes none. */
export const NoopMarketEventSink: MarketEventSink = Object.freeze({
  publish(): void {},
});

/** A sink that keeps every event in memory, for tests and local tools. */
export class RecordingMarketEventSink implements MarketEventSink {
  readonly events: MarketEvent[] = [];

  publish(event: MarketEvent): void {
    this.events.push(event);
  }
}
