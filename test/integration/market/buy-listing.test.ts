import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('buyListing', () => {
  let fixture: MarketFixture;
  const seller = testUser(1, 'seller');
  const buyer = testUser(2, 'buyer');
  let listingId: string;

  beforeAll(async () => {
    fixture = await createMarketFixture({ market: { listingCooldownMs: 0 } });
    await fund(fixture.market, seller, 100);
    await fund(fixture.market, buyer, 500);
    const created = await fixture.market.createListing({
      seller,
      name: 'Cherry Blossom Charm',
      price: 40,
      stock: 5,
      idempotencyKey: newKey(),
    });
    listingId = created.listingId;
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function balanceOf(userId: string): Promise<number> {
    const result = await fixture.pool.query<{ balance: string }>('SELECT balance FROM users WHERE id = $1', [
      userId,
    ]);
    return Number(result.rows[0]?.balance);
  }

  it('charges price times quantity', async () => {
    const sellerBefore = await balanceOf(seller.id);

    const bought = await fixture.market.buyListing({
      buyer,
      listingId,
      quantity: 3,
      idempotencyKey: newKey(),
    });

    expect(bought.total).toBe(120);
    expect(bought.buyerBalance).toBe(380);
    expect(bought.remainingStock).toBe(2);
    expect(bought.ownedQuantity).toBe(3);
    expect(await balanceOf(seller.id)).toBe(sellerBefore + 120);
  });

  it('records a purchase ledger row', async () => {
    const key = newKey();
    await fixture.market.buyListing({ buyer, listingId, quantity: 1, idempotencyKey: key });

    const rows = await fixture.pool.query(
      'SELECT kind, from_user_id, to_user_id, amount, listing_id, quantity FROM ledger_entries WHERE idempotency_key = $1',
      [key],
    );
    expect(rows.rows).toEqual([
      {
        kind: 'purchase',
        from_user_id: buyer.id,
        to_user_id: seller.id,
        amount: '40',
        listing_id: listingId,
        quantity: 1,
      },
    ]);
  });

  it('rejects more than the stock', async () => {
    const attempt = fixture.market.buyListing({ buyer, listingId, quantity: 2, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({
      code: MarketErrorCodes.InsufficientStock,
      details: { available: 1, requested: 2 },
    });
  });

  it('rejects a short balance', async () => {
    const poor = testUser(3, 'poor');
    await fund(fixture.market, poor, 10);

    const attempt = fixture.market.buyListing({
      buyer: poor,
      listingId,
      quantity: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InsufficientBalance });
    await expect(attempt).rejects.toHaveProperty(
      'userMessage',
      'You need 40 petals for 1 x Cherry Blossom Charm, but you have 10.',
    );
    expect(await balanceOf(poor.id)).toBe(10);
  });

  it('rejects buying own listing', async () => {
    const attempt = fixture.market.buyListing({
      buyer: seller,
      listingId,
      quantity: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.OwnListing });
  });

  it('rejects an unknown listing', async () => {
    const attempt = fixture.market.buyListing({
      buyer,
      listingId: '00000000-0000-4000-8000-000000000000',
      quantity: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingNotFound });
  });

  it('rejects a malformed listing id', async () => {
    const attempt = fixture.market.buyListing({
      buyer,
      listingId: "x'; DROP",
      quantity: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingNotFound });
  });

  it('rejects a removed listing', async () => {
    const removed = await fixture.market.createListing({
      seller,
      name: 'Removed Lantern',
      price: 1,
      stock: 3,
      idempotencyKey: newKey(),
    });
    await fixture.market.removeListing({ seller, listingId: removed.listingId, idempotencyKey: newKey() });

    const attempt = fixture.market.buyListing({
      buyer,
      listingId: removed.listingId,
      quantity: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingNotFound });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects quantity %s', async (quantity) => {
    const attempt = fixture.market.buyListing({ buyer, listingId, quantity, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidQuantity });
  });

  it('sells a free listing', async () => {
    const free = await fixture.market.createListing({
      seller,
      name: 'Free Sample',
      price: 0,
      stock: 2,
      idempotencyKey: newKey(),
    });

    const bought = await fixture.market.buyListing({
      buyer,
      listingId: free.listingId,
      quantity: 2,
      idempotencyKey: newKey(),
    });

    expect(bought.total).toBe(0);
    expect(bought.remainingStock).toBe(0);
  });

  it('keeps petals conserved', async () => {
    const report = await fixture.market.checkConservation();

    expect(report.balanced).toBe(true);
  });
});
