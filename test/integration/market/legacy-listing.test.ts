import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  insertLegacyListing,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('migrated legacy listings', () => {
  let fixture: MarketFixture;
  const legacySeller = testUser(1, 'oldtimer');
  const buyer = testUser(2, 'newbuyer');
  let repricedId: string;
  let originalId: string;

  beforeAll(async () => {
    fixture = await createMarketFixture();
    repricedId = await insertLegacyListing(fixture.pool, {
      seller: legacySeller,
      name: 'Vintage Tea Set',
      price: 80,
      stock: 3,
      priceChanged: true,
      description: 'From the old market',
    });
    originalId = await insertLegacyListing(fixture.pool, {
      seller: legacySeller,
      name: 'Vintage Fan',
      price: 15,
      stock: 1,
      priceChanged: false,
    });
    await fund(fixture.market, buyer, 500);
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('appears when browsing', async () => {
    const page = await fixture.market.browseListings();

    expect(page.items.map((item) => item.id).sort()).toEqual([originalId, repricedId].sort());
  });

  it('appears in search', async () => {
    const page = await fixture.market.searchListings({ query: 'vintage tea' });

    expect(page.items[0]?.id).toBe(repricedId);
  });

  it('shows its legacy details', async () => {
    const listing = await fixture.market.viewListing(repricedId);

    expect(listing).toMatchObject({
      sellerName: 'oldtimer',
      priceChanged: true,
      legacy: true,
      listedAt: '2022-03-14T09:26:53.000Z',
    });
  });

  it('can be bought', async () => {
    const bought = await fixture.market.buyListing({
      buyer,
      listingId: repricedId,
      quantity: 2,
      idempotencyKey: newKey(),
    });

    expect(bought.total).toBe(160);
    expect((await fixture.market.getBalance(legacySeller)).balance).toBe(160);
    expect((await fixture.market.checkConservation()).balanced).toBe(true);
  });

  it('rejects reprice when price_changed', async () => {
    const attempt = fixture.market.repriceListing({
      seller: legacySeller,
      listingId: repricedId,
      price: 1,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.PriceAlreadyChanged });
  });

  it('allows one reprice otherwise', async () => {
    const repriced = await fixture.market.repriceListing({
      seller: legacySeller,
      listingId: originalId,
      price: 20,
      idempotencyKey: newKey(),
    });

    expect(repriced.price).toBe(20);
  });

  it('does not block a new listing', async () => {
    await fund(fixture.market, legacySeller, 10);

    const created = await fixture.market.createListing({
      seller: legacySeller,
      name: 'New Item',
      price: 1,
      stock: 1,
      idempotencyKey: newKey(),
    });

    expect(created.fee).toBe(10);
  });
});
