import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

describe('market events', () => {
  let fixture: MarketFixture;
  const seller = testUser(1);
  const buyer = testUser(2);

  beforeAll(async () => {
    fixture = await createMarketFixture({ market: { listingCooldownMs: 0 } });
    await fund(fixture.market, seller, 100);
    await fund(fixture.market, buyer, 100);
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('publishes the listing lifecycle', async () => {
    fixture.sink.events.length = 0;
    const occurredAt = fixture.clock.now().toISOString();

    const created = await fixture.market.createListing({
      seller,
      name: 'Kite',
      price: 7,
      stock: 4,
      idempotencyKey: newKey(),
    });
    const listingId = created.listingId;
    await fixture.market.buyListing({ buyer, listingId, quantity: 2, idempotencyKey: newKey() });
    await fixture.market.restockListing({ seller, listingId, amount: 1, idempotencyKey: newKey() });
    await fixture.market.removeListing({ seller, listingId, idempotencyKey: newKey() });

    expect(fixture.sink.events).toEqual([
      {
        type: 'listing.created',
        occurredAt,
        listingId,
        sellerId: seller.id,
        name: 'Kite',
        price: 7,
        stock: 4,
      },
      { type: 'balance.changed', occurredAt, userId: seller.id, balance: 90 },
      {
        type: 'listing.sold',
        occurredAt,
        listingId,
        buyerId: buyer.id,
        sellerId: seller.id,
        quantity: 2,
        total: 14,
        remainingStock: 2,
      },
      { type: 'balance.changed', occurredAt, userId: buyer.id, balance: 86 },
      { type: 'balance.changed', occurredAt, userId: seller.id, balance: 104 },
      {
        type: 'listing.updated',
        occurredAt,
        listingId,
        sellerId: seller.id,
        change: 'restock',
        price: 7,
        stock: 3,
      },
      { type: 'listing.removed', occurredAt, listingId, sellerId: seller.id },
    ]);
  });

  it('publishes nothing on failure', async () => {
    fixture.sink.events.length = 0;

    await fixture.market
      .payUser({ from: buyer, to: seller, amount: 1_000, idempotencyKey: newKey() })
      .catch(() => {});

    expect(fixture.sink.events).toEqual([]);
  });

  it('survives a throwing sink', async () => {
    const broken = await createMarketFixture();
    try {
      broken.market.context.sink = {
        publish: () => {
          throw new Error('sink down');
        },
      };

      const granted = await broken.market.grantPetals({ user: buyer, amount: 5, idempotencyKey: newKey() });

      expect(granted.balance).toBe(5);
    } finally {
      await broken.close();
    }
  });
});
