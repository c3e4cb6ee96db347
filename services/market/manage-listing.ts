import type pg from 'pg';

import { MarketError, MarketErrorCodes } from './errors';
import { runMutation } from './idempotency';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { upsertUsers } from './users';
import { IntegerColumnMax, validatePrice, validateStock, validateUser } from './validation';
import { lockListing, type LockedListing } from './view-listing';

/** Input shared by the seller's operations on one of their listings. */
export interface SellerRequest extends MutationRequest {
  seller: UserRef;
  listingId: string;
}

/** Outcome of {@link restockListing} and {@link repriceListing}: the listing after the change. */
export interface ListingChangeOutcome {
  listingId: string;
  name: string;
  price: number;
  stock: number;
}

/**
 * Add `amount` units to the stock of the seller's listing.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_STOCK` for an amount below 1 or a total past 2^31 - 1,
 *   `_LISTING_NOT_FOUND`, or `_NOT_SELLER` when the user does not own the listing.
 */
export async function restockListing(
  context: MarketContext,
  request: SellerRequest & { amount: number },
): Promise<MutationResult<ListingChangeOutcome>> {
  const seller = validateUser(request.seller);
  const amount = validateStock(request.amount, 1);
  await upsertUsers(context.pool, [seller]);

  const spec = { operation: 'listing.restock', userId: seller.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const listing = await lockOwnListing(client, request.listingId, seller.id);
    if (listing.stock + amount > IntegerColumnMax) {
      throw new MarketError(
        MarketErrorCodes.InvalidStock,
        `Restocking listing ${listing.id} by ${amount} would pass the maximum stock of ${IntegerColumnMax}.`,
        { userMessage: `The stock cannot go above ${IntegerColumnMax}.` },
      );
    }

    const updated = await client.query<{ stock: number }>(
      'UPDATE marketplace_listings SET stock = stock + $2 WHERE id = $1 RETURNING stock',
      [listing.id, amount],
    );
    const outcome = {
      listingId: listing.id,
      name: listing.name,
      price: listing.price,
      stock: updated.rows[0]!.stock,
    };
    return { outcome, events: [updatedEvent(context, seller.id, 'restock', outcome)] };
  });
}

/**
 * Change the price of the seller's listing. A listing's price can change once, and a listing migrated with
 * `price_changed` already true cannot be repriced at all.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_PRICE`, `_LISTING_NOT_FOUND`, `_NOT_SELLER` or
 *   `_PRICE_ALREADY_CHANGED`.
 */
export async function repriceListing(
  context: MarketContext,
  request: SellerRequest & { price: number },
): Promise<MutationResult<ListingChangeOutcome>> {
  const seller = validateUser(request.seller);
  const price = validatePrice(request.price);
  await upsertUsers(context.pool, [seller]);

  const spec = { operation: 'listing.reprice', userId: seller.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const listing = await lockOwnListing(client, request.listingId, seller.id);
    if (listing.priceChanged) {
      throw new MarketError(
        MarketErrorCodes.PriceAlreadyChanged,
        `Listing ${listing.id} already had its one price change.`,
        { userMessage: `The price of ${listing.name} was already changed once and cannot change again.` },
      );
    }

    await client.query('UPDATE marketplace_listings SET price = $2, price_changed = true WHERE id = $1', [
      listing.id,
      String(price),
    ]);
    const outcome = { listingId: listing.id, name: listing.name, price, stock: listing.stock };
    return { outcome, events: [updatedEvent(context, seller.id, 'reprice', outcome)] };
  });
}

/**
 * Remove the seller's listing from the marketplace. The row stays, with `removed_at` set, because the ledger and
 * inventories refer to it.
 *
 * @throws MarketError `KUMIKO_MARKET_LISTING_NOT_FOUND` or `_NOT_SELLER`.
 */
export async function removeListing(
  context: MarketContext,
  request: SellerRequest,
): Promise<MutationResult<{ listingId: string; name: string; removedAt: string }>> {
  const seller = validateUser(request.seller);
  await upsertUsers(context.pool, [seller]);

  const spec = { operation: 'listing.remove', userId: seller.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const listing = await lockOwnListing(client, request.listingId, seller.id);
    const removedAt = context.clock();
    await client.query('UPDATE marketplace_listings SET removed_at = $2 WHERE id = $1', [
      listing.id,
      removedAt,
    ]);

    const occurredAt = removedAt.toISOString();
    return {
      outcome: { listingId: listing.id, name: listing.name, removedAt: occurredAt },
      events: [{ type: 'listing.removed', occurredAt, listingId: listing.id, sellerId: seller.id }],
    };
  });
}

async function lockOwnListing(
  client: pg.ClientBase,
  listingId: string,
  userId: string,
): Promise<LockedListing> {
  const listing = await lockListing(client, listingId);
  if (listing.sellerId !== userId) {
    throw new MarketError(
      MarketErrorCodes.NotSeller,
      `User ${userId} tried to change listing ${listing.id}, which belongs to user ${listing.sellerId}.`,
      { userMessage: 'Only the seller can change this listing.' },
    );
  }
  return listing;
}

function updatedEvent(
  context: MarketContext,
  sellerId: string,
  change: 'restock' | 'reprice',
  outcome: ListingChangeOutcome,
) {
  return {
    type: 'listing.updated' as const,
    occurredAt: context.clock().toISOString(),
    listingId: outcome.listingId,
    sellerId,
    change,
    price: outcome.price,
    stock: outcome.stock,
  };
}
