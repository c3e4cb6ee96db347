import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  handleBalance,
  handleDaily,
  handleInventory,
  handleLeaderboard,
  handlePay,
} from '../../../services/bot/handlers/economy-handlers';
import type { HandlerContext } from '../../../services/bot/handlers/handler-context';
import {
  handleBuy,
  handleList,
  handleRemove,
  handleReprice,
  handleRestock,
  handleSearch,
  handleSell,
  handleView,
  suggestListings,
} from '../../../services/bot/handlers/market-handlers';
import { MarketErrorCodes, type MarketErrorCode } from '../../../services/market/errors';
import type { UserRef } from '../../../services/market/types';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('bot handlers', () => {
  let fixture: MarketFixture;
  const seller = testUser(1, 'seller');
  const buyer = testUser(2, 'buyer');
  let listingId: string;

  const as = (user: UserRef): HandlerContext => ({
    market: fixture.market,
    user,
    guildId: '900000000000000001',
    interactionId: newKey(),
  });

  beforeAll(async () => {
    fixture = await createMarketFixture();
    await fund(fixture.market, seller, 100);
    await fund(fixture.market, buyer, 100);
    const reply = await handleSell(as(seller), {
      name: 'Jade Hairpin',
      price: 30,
      stock: 2,
      description: 'Green',
    });
    listingId = /`([0-9a-f-]{36})`/.exec(reply.content ?? '')![1]!;
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('sell reports fee and id', async () => {
    const listing = await fixture.market.viewListing(listingId);

    expect(listing.name).toBe('Jade Hairpin');
    expect((await handleBalance(as(seller))).content).toBe('You have 90 petals.');
  });

  it('list shows one page', async () => {
    const reply = await handleList(as(buyer), {});

    expect(reply.embeds?.[0]?.description).toContain('Jade Hairpin');
    expect(reply.paging).toMatchObject({ pageIndex: 0, pageCount: 1 });
  });

  it('search finds the listing', async () => {
    const reply = await handleSearch(as(buyer), { query: 'hairp' });

    expect(reply.embeds?.[0]?.description).toContain(listingId);
  });

  it('view shows price and stock', async () => {
    const reply = await handleView(as(buyer), { listingId });

    expect(reply.embeds?.[0]?.fields).toContainEqual({ name: 'Price', value: '30 petals', inline: true });
  });

  it('autocomplete suggests by name', async () => {
    const choices = await suggestListings({ market: fixture.market }, 'jade');

    expect(choices).toEqual([{ name: 'Jade Hairpin · 30 petals · 2 left', value: listingId }]);
  });

  it('autocomplete lists newest when empty', async () => {
    const choices = await suggestListings({ market: fixture.market }, '');

    expect(choices.map((choice) => choice.value)).toContain(listingId);
  });

  it('balance is ephemeral', async () => {
    expect((await handleBalance(as(buyer))).ephemeral).toBe(true);
  });

  const failures: Array<[string, () => Promise<unknown>, MarketErrorCode]> = [
    ['buy own listing', () => handleBuy(as(seller), { listingId, quantity: 1 }), MarketErrorCodes.OwnListing],
    [
      'buy too many',
      () => handleBuy(as(buyer), { listingId, quantity: 3 }),
      MarketErrorCodes.InsufficientStock,
    ],
    [
      'buy without petals',
      () => handleBuy(as(testUser(50)), { listingId, quantity: 1 }),
      MarketErrorCodes.InsufficientBalance,
    ],
    [
      'buy unknown listing',
      () => handleBuy(as(buyer), { listingId: 'not-a-listing', quantity: 1 }),
      MarketErrorCodes.ListingNotFound,
    ],
    [
      'buy zero units',
      () => handleBuy(as(buyer), { listingId, quantity: 0 }),
      MarketErrorCodes.InvalidQuantity,
    ],
    [
      'sell during cooldown',
      () => handleSell(as(seller), { name: 'Another', price: 1, stock: 1 }),
      MarketErrorCodes.ListingCooldown,
    ],
    [
      'sell without fee',
      () => handleSell(as(testUser(51)), { name: 'Broke', price: 1, stock: 1 }),
      MarketErrorCodes.InsufficientBalance,
    ],
    [
      'sell blank name',
      () => handleSell(as(buyer), { name: ' ', price: 1, stock: 1 }),
      MarketErrorCodes.InvalidName,
    ],
    [
      'sell negative price',
      () => handleSell(as(buyer), { name: 'x', price: -1, stock: 1 }),
      MarketErrorCodes.InvalidPrice,
    ],
    [
      'sell negative stock',
      () => handleSell(as(buyer), { name: 'x', price: 1, stock: -1 }),
      MarketErrorCodes.InvalidStock,
    ],
    [
      'restock by stranger',
      () => handleRestock(as(buyer), { listingId, amount: 1 }),
      MarketErrorCodes.NotSeller,
    ],
    ['remove by stranger', () => handleRemove(as(buyer), { listingId }), MarketErrorCodes.NotSeller],
    [
      'reprice by stranger',
      () => handleReprice(as(buyer), { listingId, price: 1 }),
      MarketErrorCodes.NotSeller,
    ],
    ['pay self', () => handlePay(as(buyer), { to: buyer, amount: 1 }), MarketErrorCodes.SelfPayment],
    ['pay zero', () => handlePay(as(buyer), { to: seller, amount: 0 }), MarketErrorCodes.InvalidAmount],
    ['pay negative', () => handlePay(as(buyer), { to: seller, amount: -10 }), MarketErrorCodes.InvalidAmount],
    [
      'pay too much',
      () => handlePay(as(buyer), { to: seller, amount: 10_000 }),
      MarketErrorCodes.InsufficientBalance,
    ],
    ['search blank', () => handleSearch(as(buyer), { query: '  ' }), MarketErrorCodes.InvalidSearch],
  ];

  it.each(failures)('rejects %s', async (_case, run, code) => {
    await expect(run()).rejects.toMatchObject({ code });
  });

  it('reprice works once only', async () => {
    const first = await handleReprice(as(seller), { listingId, price: 35 });

    expect(first.content).toContain('35 petals');
    await expect(handleReprice(as(seller), { listingId, price: 40 })).rejects.toMatchObject({
      code: MarketErrorCodes.PriceAlreadyChanged,
    });
  });

  it('buy reports total and balance', async () => {
    const reply = await handleBuy(as(buyer), { listingId, quantity: 2 });

    expect(reply.content).toBe(
      'You bought 2 × **Jade Hairpin** for 70 petals. You now own 2 and have 30 petals left.',
    );
  });

  it('inventory lists the purchase', async () => {
    const reply = await handleInventory(as(buyer));

    expect(reply.embeds?.[0]?.description).toBe('**Jade Hairpin** × 2');
    expect(reply.ephemeral).toBe(true);
  });

  it('daily then cooldown message', async () => {
    const user = testUser(60);
    const context = as(user);
    await handleDaily(context);

    await expect(handleDaily(as(user))).rejects.toMatchObject({ code: MarketErrorCodes.DailyCooldown });
  });

  it('restock and remove by seller', async () => {
    const restocked = await handleRestock(as(seller), { listingId, amount: 4 });
    const removed = await handleRemove(as(seller), { listingId });

    expect(restocked.content).toBe('**Jade Hairpin** now has 4 in stock.');
    expect(removed.content).toBe('**Jade Hairpin** was removed from the marketplace.');
  });

  it('leaderboard pages of five', async () => {
    for (let index = 0; index < 6; index += 1) await fund(fixture.market, testUser(70 + index), 500 + index);

    const reply = await handleLeaderboard(as(buyer));

    expect(reply.paging?.pageCount).toBeGreaterThan(1);
    expect(reply.embeds?.[0]?.description?.split('\n')).toHaveLength(5);
  });
});
