import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('listing queries', () => {
  let fixture: MarketFixture;
  const seller = testUser(10, 'merchant');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await createMarketFixture({ market: { listingCooldownMs: 0, listingFee: 0 } });
    await fund(fixture.market, seller, 1_000);
    const items = [
      { name: 'Golden Sword', price: 300, stock: 2 },
      { name: 'Silver Shield', price: 150, stock: 0 },
      { name: 'apple pie', price: 5, stock: 40 },
      { name: '100% Cotton_Scarf', price: 20, stock: 1 },
      { name: '100 Percent Wool', price: 25, stock: 1 },
      { name: 'Hidden Gem', price: 999, stock: 1 },
    ];
    for (const item of items) {
      fixture.clock.advance(60_000);
      const created = await fixture.market.createListing({ seller, ...item, idempotencyKey: newKey() });
      ids[item.name] = created.listingId;
    }
    await fixture.market.removeListing({ seller, listingId: ids['Hidden Gem']!, idempotencyKey: newKey() });
  });

  afterAll(async () => {
    await fixture.close();
  });

  const names = (page: { items: Array<{ name: string }> }) => page.items.map((item) => item.name);

  it('browse sorts newest first', async () => {
    const page = await fixture.market.browseListings();

    expect(names(page)).toEqual([
      '100 Percent Wool',
      '100% Cotton_Scarf',
      'apple pie',
      'Silver Shield',
      'Golden Sword',
    ]);
    expect(page.total).toBe(5);
  });

  it('browse sorts by price', async () => {
    const ascending = await fixture.market.browseListings({ sort: 'price_asc' });
    const descending = await fixture.market.browseListings({ sort: 'price_desc' });

    expect(ascending.items.map((item) => item.price)).toEqual([5, 20, 25, 150, 300]);
    expect(descending.items.map((item) => item.price)).toEqual([300, 150, 25, 20, 5]);
  });

  it('browse sorts by name ignoring case', async () => {
    const page = await fixture.market.browseListings({ sort: 'name' });

    expect(names(page)).toEqual([
      '100 Percent Wool',
      '100% Cotton_Scarf',
      'apple pie',
      'Golden Sword',
      'Silver Shield',
    ]);
  });

  it('browse pages with limit and offset', async () => {
    const page = await fixture.market.browseListings({ sort: 'price_asc', limit: 2, offset: 2 });

    expect(page.items.map((item) => item.price)).toEqual([25, 150]);
    expect(page.total).toBe(5);
  });

  it('browse can hide out of stock', async () => {
    const page = await fixture.market.browseListings({ includeOutOfStock: false });

    expect(names(page)).not.toContain('Silver Shield');
    expect(page.total).toBe(4);
  });

  it('browse rejects a bad page size', async () => {
    await expect(fixture.market.browseListings({ limit: 0 })).rejects.toMatchObject({
      code: MarketErrorCodes.InvalidPage,
    });
  });

  it('search matches partial words', async () => {
    const page = await fixture.market.searchListings({ query: 'swo' });

    expect(names(page)).toEqual(['Golden Sword']);
  });

  it('search ignores case', async () => {
    const page = await fixture.market.searchListings({ query: 'APPLE' });

    expect(names(page)).toEqual(['apple pie']);
  });

  it('search tolerates a typo', async () => {
    const page = await fixture.market.searchListings({ query: 'shild' });

    expect(names(page)).toContain('Silver Shield');
  });

  it('search treats % literally', async () => {
    const page = await fixture.market.searchListings({ query: '%' });

    expect(names(page)).toEqual(['100% Cotton_Scarf']);
  });

  it('search treats _ literally', async () => {
    const page = await fixture.market.searchListings({ query: 'n_s' });

    expect(names(page)).toEqual(['100% Cotton_Scarf']);
  });

  it('search skips removed listings', async () => {
    const page = await fixture.market.searchListings({ query: 'Hidden Gem' });

    expect(page.total).toBe(0);
  });

  it('search rejects an empty term', async () => {
    await expect(fixture.market.searchListings({ query: '   ' })).rejects.toMatchObject({
      code: MarketErrorCodes.InvalidSearch,
    });
  });

  it('view returns seller name', async () => {
    const listing = await fixture.market.viewListing(ids['Golden Sword']!);

    expect(listing).toMatchObject({
      name: 'Golden Sword',
      sellerName: 'merchant',
      price: 300,
      legacy: false,
    });
  });

  it('view rejects a removed listing', async () => {
    await expect(fixture.market.viewListing(ids['Hidden Gem']!)).rejects.toMatchObject({
      code: MarketErrorCodes.ListingNotFound,
    });
  });
});
