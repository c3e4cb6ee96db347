import type pg from 'pg';

import { MarketError, MarketErrorCodes } from './errors';
import type { MarketEvent } from './events';
import { runMutation } from './idempotency';
import { insufficientBalance } from './insufficient-balance';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { changeBalance, lockBalances, upsertUsers } from './users';
import { lockListing, type LockedListing } from './view-listing';
import { validateQuantity, validateUser } from './validation';

/** Input of {@link buyListing}. */
export interface BuyListingRequest extends MutationRequest {
  buyer: UserRef;
  listingId: string;
  quantity: number;
}

/** Outcome of {@link buyListing}. */
export interface BuyListingOutcome {
  listingId: string;
  name: string;
  sellerId: string;
  quantity: number;
  unitPrice: number;
  total: number;
  buyerBalance: number;
  remainingStock: number;
  ownedQuantity: number;
}

/**
 * Buy `quantity` units of a listing: the buyer pays price x quantity to the seller, the stock drops, the buyer's
 * inventory grows and a `purchase` ledger row records it, all in one transaction. The listing row is locked
 * first, then both users by id.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_QUANTITY`, `_LISTING_NOT_FOUND`, `_OWN_LISTING`,
 *   `_INSUFFICIENT_STOCK` or `_INSUFFICIENT_BALANCE`.
 */
export async function buyListing(
  context: MarketContext,
  request: BuyListingRequest,
): Promise<MutationResult<BuyListingOutcome>> {
  const buyer = validateUser(request.buyer);
  const quantity = validateQuantity(request.quantity);
  await upsertUsers(context.pool, [buyer]);

  const spec = { operation: 'listing.buy', userId: buyer.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const listing = await lockListing(client, request.listingId);
    assertPurchasable(listing, buyer.id, quantity);

    const total = listing.price * quantity;
    const balances = await lockBalances(client, [buyer.id, listing.sellerId]);
    const before = balances.get(buyer.id) ?? 0;
    if (!Number.isSafeInteger(total) || before < total) {
      throw insufficientBalance(buyer.id, total, before, `${quantity} x ${listing.name}`);
    }

    const remainingStock = await takeStock(client, listing.id, quantity);
    const buyerBalance = await changeBalance(client, buyer.id, -total);
    const sellerBalance = await changeBalance(client, listing.sellerId, total);
    const ownedQuantity = await addToInventory(client, buyer.id, listing.id, quantity);
    await client.query(
      `INSERT INTO ledger_entries (kind, from_user_id, to_user_id, amount, listing_id, quantity, idempotency_key)
       VALUES ('purchase', $1, $2, $3, $4, $5, $6)`,
      [buyer.id, listing.sellerId, String(total), listing.id, quantity, request.idempotencyKey],
    );

    const occurredAt = context.clock().toISOString();
    const events: MarketEvent[] = [
      {
        type: 'listing.sold',
        occurredAt,
        listingId: listing.id,
        buyerId: buyer.id,
        sellerId: listing.sellerId,
        quantity,
        total,
        remainingStock,
      },
    ];
    if (total > 0) {
      events.push({ type: 'balance.changed', occurredAt, userId: buyer.id, balance: buyerBalance });
      events.push({ type: 'balance.changed', occurredAt, userId: listing.sellerId, balance: sellerBalance });
    }
    const outcome = {
      listingId: listing.id,
      name: listing.name,
      sellerId: listing.sellerId,
      quantity,
      unitPrice: listing.price,
      total,
      buyerBalance,
      remainingStock,
      ownedQuantity,
    };
    return { outcome, events };
  });
}

function assertPurchasable(listing: LockedListing, buyerId: string, quantity: number): void {
  if (listing.sellerId === buyerId) {
    throw new MarketError(
      MarketErrorCodes.OwnListing,
      `User ${buyerId} tried to buy their own listing ${listing.id}.`,
      { userMessage: 'You cannot buy your own listing.' },
    );
  }
  if (listing.stock < quantity) {
    throw new MarketError(
      MarketErrorCodes.InsufficientStock,
      `Listing ${listing.id} has ${listing.stock} units in stock; ${quantity} were requested.`,
      {
        userMessage:
          listing.stock === 0
            ? `${listing.name} is out of stock.`
            : `Only ${listing.stock} of ${listing.name} left in stock, so you cannot buy ${quantity}.`,
        details: { available: listing.stock, requested: quantity },
      },
    );
  }
}

async function takeStock(client: pg.ClientBase, listingId: string, quantity: number): Promise<number> {
  const result = await client.query<{ stock: number }>(
    'UPDATE marketplace_listings SET stock = stock - $2 WHERE id = $1 RETURNING stock',
    [listingId, quantity],
  );
  return result.rows[0]!.stock;
}

async function addToInventory(
  client: pg.ClientBase,
  userId: string,
  listingId: string,
  quantity: number,
): Promise<number> {
  const result = await client.query<{ quantity: number }>(
    `INSERT INTO inventories (user_id, listing_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, listing_id)
     DO UPDATE SET quantity = inventories.quantity + EXCLUDED.quantity, updated_at = now()
     RETURNING quantity`,
    [userId, listingId, quantity],
  );
  return result.rows[0]!.quantity;
}
