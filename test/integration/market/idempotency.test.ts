import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('idempotent mutations', () => {
  let fixture: MarketFixture;
  const seller = testUser(1);
  const buyer = testUser(2);
  let listingId: string;

  beforeAll(async () => {
    fixture = await createMarketFixture({ poolSize: 12, market: { listingCooldownMs: 0 } });
    await fund(fixture.market, seller, 100);
    await fund(fixture.market, buyer, 10_000);
    const created = await fixture.market.createListing({
      seller,
      name: 'Bamboo Flute',
      price: 25,
      stock: 1_000,
      idempotencyKey: newKey(),
    });
    listingId = created.listingId;
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function purchaseRows(key: string): Promise<number> {
    const rows = await fixture.pool.query('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [key]);
    return rows.rowCount ?? 0;
  }

  it('retry returns the first outcome', async () => {
    const key = newKey();
    const first = await fixture.market.buyListing({ buyer, listingId, quantity: 2, idempotencyKey: key });

    const retry = await fixture.market.buyListing({ buyer, listingId, quantity: 2, idempotencyKey: key });

    expect(retry).toEqual({ ...first, replayed: true });
    expect(first.replayed).toBe(false);
    expect(await purchaseRows(key)).toBe(1);
  });

  it('concurrent duplicates charge once', async () => {
    const key = newKey();
    const before = (await fixture.market.getBalance(buyer)).balance;

    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        fixture.market.buyListing({ buyer, listingId, quantity: 3, idempotencyKey: key }),
      ),
    );

    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.buyerBalance))).toEqual(new Set([before - 75]));
    expect((await fixture.market.getBalance(buyer)).balance).toBe(before - 75);
    expect(await purchaseRows(key)).toBe(1);
  });

  it('replay publishes no events', async () => {
    const key = newKey();
    await fixture.market.payUser({ from: buyer, to: seller, amount: 1, idempotencyKey: key });
    const published = fixture.sink.events.length;

    await fixture.market.payUser({ from: buyer, to: seller, amount: 1, idempotencyKey: key });

    expect(fixture.sink.events).toHaveLength(published);
  });

  it('daily retry mints once', async () => {
    const user = testUser(3);
    const key = newKey();

    const [first, second] = await Promise.all([
      fixture.market.claimDailyReward({ user, idempotencyKey: key }),
      fixture.market.claimDailyReward({ user, idempotencyKey: key }),
    ]);

    expect(first.balance).toBe(100);
    expect(second.balance).toBe(100);
    expect((await fixture.market.getBalance(user)).balance).toBe(100);
  });

  it('restock retry adds once', async () => {
    const key = newKey();
    const before = (await fixture.market.viewListing(listingId)).stock;

    await fixture.market.restockListing({ seller, listingId, amount: 10, idempotencyKey: key });
    await fixture.market.restockListing({ seller, listingId, amount: 10, idempotencyKey: key });

    expect((await fixture.market.viewListing(listingId)).stock).toBe(before + 10);
  });

  it('failed request can run again', async () => {
    const poor = testUser(4);
    const key = newKey();
    await expect(
      fixture.market.buyListing({ buyer: poor, listingId, quantity: 1, idempotencyKey: key }),
    ).rejects.toMatchObject({ code: MarketErrorCodes.InsufficientBalance });
    await fund(fixture.market, poor, 25);

    const retry = await fixture.market.buyListing({
      buyer: poor,
      listingId,
      quantity: 1,
      idempotencyKey: key,
    });

    expect(retry.replayed).toBe(false);
  });

  it('rejects a key reused elsewhere', async () => {
    const key = newKey();
    await fixture.market.payUser({ from: buyer, to: seller, amount: 1, idempotencyKey: key });

    const attempt = fixture.market.buyListing({ buyer, listingId, quantity: 1, idempotencyKey: key });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.IdempotencyConflict });
  });

  it('rejects an empty key', async () => {
    const attempt = fixture.market.buyListing({ buyer, listingId, quantity: 1, idempotencyKey: '' });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidIdempotencyKey });
  });
});
