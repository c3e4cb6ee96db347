import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMarketError, MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

const BuyerCount = 32;
const AttemptsPerBuyer = 4;

describe('concurrent economy', () => {
  let fixture: MarketFixture;
  const sellers = [testUser(1), testUser(2), testUser(3)];
  const buyers = Array.from({ length: BuyerCount }, (_, index) => testUser(100 + index));
  const listingIds: string[] = [];

  beforeAll(async () => {
    fixture = await createMarketFixture({ poolSize: 24, market: { listingCooldownMs: 0 } });
    for (const [index, seller] of sellers.entries()) {
      await fund(fixture.market, seller, 50);
      const created = await fixture.market.createListing({
        seller,
        name: `Scarce Item ${index}`,
        price: 7 + index,
        stock: 10 + index * 5,
        idempotencyKey: newKey(),
      });
      listingIds.push(created.listingId);
    }
    for (const buyer of buyers) await fund(fixture.market, buyer, 60);
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function runBuyer(index: number): Promise<{ units: number; unexpected: unknown[] }> {
    const buyer = buyers[index]!;
    let units = 0;
    const unexpected: unknown[] = [];
    for (let attempt = 0; attempt < AttemptsPerBuyer; attempt += 1) {
      const listingId = listingIds[(index + attempt) % listingIds.length]!;
      const quantity = 1 + ((index + attempt) % 3);
      try {
        const bought = await fixture.market.buyListing({
          buyer,
          listingId,
          quantity,
          idempotencyKey: newKey(),
        });
        units += bought.quantity;
      } catch (error) {
        const expected =
          isMarketError(error, MarketErrorCodes.InsufficientStock) ||
          isMarketError(error, MarketErrorCodes.InsufficientBalance);
        if (!expected) unexpected.push(error);
      }
    }
    return { units, unexpected };
  }

  it('never oversells or overdraws', async () => {
    const results = await Promise.all(buyers.map((_, index) => runBuyer(index)));
    const soldByBuyers = results.reduce((sum, result) => sum + result.units, 0);

    expect(results.flatMap((result) => result.unexpected)).toEqual([]);
    const stock = await fixture.pool.query<{ stock: number }>(
      'SELECT stock FROM marketplace_listings ORDER BY stock',
    );
    expect(stock.rows.every((row) => row.stock >= 0)).toBe(true);
    const inventory = await fixture.pool.query<{ total: number }>(
      'SELECT coalesce(sum(quantity), 0)::int AS total FROM inventories',
    );
    expect(inventory.rows[0]!.total).toBe(soldByBuyers);
    const sold = await fixture.pool.query<{ total: number }>(
      "SELECT coalesce(sum(quantity), 0)::int AS total FROM ledger_entries WHERE kind = 'purchase'",
    );
    expect(sold.rows[0]!.total).toBe(soldByBuyers);
    const initialStock = 10 + 15 + 20;
    const remaining = stock.rows.reduce((sum, row) => sum + row.stock, 0);
    expect(remaining + soldByBuyers).toBe(initialStock);
    const negative = await fixture.pool.query('SELECT 1 FROM users WHERE balance < 0');
    expect(negative.rowCount).toBe(0);
    expect(await fixture.market.checkConservation()).toMatchObject({ balanced: true, mismatchedUsers: [] });
  });

  it('conserves petals under mixed load', async () => {
    const everyone = [...sellers, ...buyers];
    const operations = everyone.flatMap((user, index) => {
      const other = everyone[(index + 7) % everyone.length]!;
      return [
        () => fixture.market.claimDailyReward({ user, idempotencyKey: newKey() }),
        () =>
          fixture.market.payUser({
            from: user,
            to: other,
            amount: 1 + (index % 9),
            idempotencyKey: newKey(),
          }),
        () =>
          fixture.market.buyListing({
            buyer: user,
            listingId: listingIds[index % listingIds.length]!,
            quantity: 1,
            idempotencyKey: newKey(),
          }),
        () =>
          fixture.market.createListing({
            seller: user,
            name: `Mixed ${index}`,
            price: index,
            stock: 2,
            idempotencyKey: newKey(),
          }),
      ];
    });

    const outcomes = await Promise.allSettled(operations.map((operation) => operation()));
    const unexpected = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && !isMarketError(outcome.reason),
    );

    expect(unexpected.map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
    const report = await fixture.market.checkConservation();
    expect(report.mismatchedUsers).toEqual([]);
    expect(BigInt(report.totalBalance)).toBe(BigInt(report.minted) - BigInt(report.burned));
    expect(report.balanced).toBe(true);
  });
});
