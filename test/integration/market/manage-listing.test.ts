import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('seller listing changes', () => {
  let fixture: MarketFixture;
  const seller = testUser(1, 'seller');
  const stranger = testUser(2, 'stranger');

  beforeAll(async () => {
    fixture = await createMarketFixture({ market: { listingCooldownMs: 0 } });
    await fund(fixture.market, seller, 1_000);
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function newListing(): Promise<string> {
    const created = await fixture.market.createListing({
      seller,
      name: 'Origami Fox',
      price: 30,
      stock: 2,
      idempotencyKey: newKey(),
    });
    return created.listingId;
  }

  it('restock adds units', async () => {
    const listingId = await newListing();

    const restocked = await fixture.market.restockListing({
      seller,
      listingId,
      amount: 5,
      idempotencyKey: newKey(),
    });

    expect(restocked.stock).toBe(7);
  });

  it('restock rejects a non-seller', async () => {
    const listingId = await newListing();

    const attempt = fixture.market.restockListing({
      seller: stranger,
      listingId,
      amount: 5,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.NotSeller });
  });

  it.each([0, -3, 1.5])('restock rejects amount %s', async (amount) => {
    const listingId = await newListing();

    const attempt = fixture.market.restockListing({ seller, listingId, amount, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidStock });
  });

  it('restock rejects stock overflow', async () => {
    const listingId = await newListing();

    const attempt = fixture.market.restockListing({
      seller,
      listingId,
      amount: 2_147_483_647,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidStock });
  });

  it('reprice sets price_changed', async () => {
    const listingId = await newListing();

    const repriced = await fixture.market.repriceListing({
      seller,
      listingId,
      price: 45,
      idempotencyKey: newKey(),
    });

    expect(repriced.price).toBe(45);
    expect((await fixture.market.viewListing(listingId)).priceChanged).toBe(true);
  });

  it('reprice rejects a second change', async () => {
    const listingId = await newListing();
    await fixture.market.repriceListing({ seller, listingId, price: 45, idempotencyKey: newKey() });

    const attempt = fixture.market.repriceListing({ seller, listingId, price: 50, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.PriceAlreadyChanged });
  });

  it('reprice rejects a non-seller', async () => {
    const listingId = await newListing();

    const attempt = fixture.market.repriceListing({
      seller: stranger,
      listingId,
      price: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.NotSeller });
  });

  it('reprice rejects a negative price', async () => {
    const listingId = await newListing();

    const attempt = fixture.market.repriceListing({ seller, listingId, price: -5, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidPrice });
  });

  it('remove hides but keeps the row', async () => {
    const listingId = await newListing();

    await fixture.market.removeListing({ seller, listingId, idempotencyKey: newKey() });

    await expect(fixture.market.viewListing(listingId)).rejects.toMatchObject({
      code: MarketErrorCodes.ListingNotFound,
    });
    const row = await fixture.pool.query('SELECT removed_at FROM marketplace_listings WHERE id = $1', [
      listingId,
    ]);
    expect(row.rows[0]).toEqual({ removed_at: fixture.clock.now() });
  });

  it('remove rejects a non-seller', async () => {
    const listingId = await newListing();

    const attempt = fixture.market.removeListing({ seller: stranger, listingId, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.NotSeller });
  });

  it('remove twice reports not found', async () => {
    const listingId = await newListing();
    await fixture.market.removeListing({ seller, listingId, idempotencyKey: newKey() });

    const attempt = fixture.market.removeListing({ seller, listingId, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingNotFound });
  });

  it('restock rejects a removed listing', async () => {
    const listingId = await newListing();
    await fixture.market.removeListing({ seller, listingId, idempotencyKey: newKey() });

    const attempt = fixture.market.restockListing({ seller, listingId, amount: 1, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingNotFound });
  });
});
