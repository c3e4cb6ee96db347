import type pg from 'pg';

import { describeDuration } from './durations';
import { MarketError, MarketErrorCodes } from './errors';
import type { MarketEvent } from './events';
import { runMutation } from './idempotency';
import { insufficientBalance } from './insufficient-balance';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { changeBalance, lockBalances, upsertUsers } from './users';
import {
  validateDescription,
  validateListingName,
  validatePrice,
  validateStock,
  validateUser,
} from './validation';

/** Input of {@link createListing}. */
export interface CreateListingRequest extends MutationRequest {
  seller: UserRef;
  name: string;
  description?: string | null;
  price: number;
  stock: number;
}

/** Outcome of {@link createListing}. */
export interface CreateListingOutcome {
  listingId: string;
  name: string;
  price: number;
  stock: number;
  fee: number;
  balance: number;
  listedAt: string;
}

/**
 * Put a listing on the marketplace. The seller pays the listing fee, which is burned, and must wait the listing
 * cooldown after their previous listing (removed ones included, so removing does not reset it).
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_NAME`, `_INVALID_DESCRIPTION`, `_INVALID_PRICE`, `_INVALID_STOCK`
 *   for bad input, `_LISTING_COOLDOWN` during the cooldown, `_INSUFFICIENT_BALANCE` when the fee is not covered.
 */
export async function createListing(
  context: MarketContext,
  request: CreateListingRequest,
): Promise<MutationResult<CreateListingOutcome>> {
  const seller = validateUser(request.seller);
  const name = validateListingName(request.name);
  const description = validateDescription(request.description, context.options.descriptionMaxLength);
  const price = validatePrice(request.price);
  const stock = validateStock(request.stock);
  await upsertUsers(context.pool, [seller]);

  const spec = { operation: 'listing.create', userId: seller.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const now = context.clock();
    const balances = await lockBalances(client, [seller.id]);
    await assertCooldownOver(client, context, seller.id, now);

    const fee = context.options.listingFee;
    const before = balances.get(seller.id) ?? 0;
    if (before < fee) throw insufficientBalance(seller.id, fee, before, 'the listing fee');

    const inserted = await client.query<{ id: string }>(
      `INSERT INTO marketplace_listings (id, seller_id, name, description, price, stock, listed_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [seller.id, name, description, String(price), stock, now],
    );
    const listingId = inserted.rows[0]!.id;
    const balance =
      fee > 0 ? await chargeFee(client, seller.id, fee, listingId, request.idempotencyKey) : before;

    const occurredAt = now.toISOString();
    const events: MarketEvent[] = [
      { type: 'listing.created', occurredAt, listingId, sellerId: seller.id, name, price, stock },
    ];
    if (fee > 0) events.push({ type: 'balance.changed', occurredAt, userId: seller.id, balance });
    return { outcome: { listingId, name, price, stock, fee, balance, listedAt: occurredAt }, events };
  });
}

async function assertCooldownOver(
  client: pg.ClientBase,
  context: MarketContext,
  sellerId: string,
  now: Date,
): Promise<void> {
  const latest = await client.query<{ listed_at: Date | null }>(
    'SELECT max(listed_at) AS listed_at FROM marketplace_listings WHERE seller_id = $1',
    [sellerId],
  );
  const listedAt = latest.rows[0]?.listed_at;
  if (!listedAt) return;

  const availableAt = new Date(listedAt.getTime() + context.options.listingCooldownMs);
  if (availableAt <= now) return;
  throw new MarketError(
    MarketErrorCodes.ListingCooldown,
    `User ${sellerId} listed an item at ${listedAt.toISOString()} and can list again at ${availableAt.toISOString()}.`,
    {
      userMessage: `You can create your next listing in ${describeDuration(availableAt.getTime() - now.getTime())}.`,
      details: { availableAt: availableAt.toISOString() },
    },
  );
}

async function chargeFee(
  client: pg.ClientBase,
  sellerId: string,
  fee: number,
  listingId: string,
  idempotencyKey: string,
): Promise<number> {
  const balance = await changeBalance(client, sellerId, -fee);
  await client.query(
    `INSERT INTO ledger_entries (kind, from_user_id, amount, listing_id, idempotency_key)
     VALUES ('listing_fee', $1, $2, $3, $4)`,
    [sellerId, String(fee), listingId, idempotencyKey],
  );
  return balance;
}
