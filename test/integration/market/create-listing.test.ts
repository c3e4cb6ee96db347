import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MarketErrorCodes } from '../../../services/market/errors';
import {
  createMarketFixture,
  fund,
  newKey,
  testUser,
  type MarketFixture,
} from '../../support/market-fixture';

const HourMs = 3_600_000;

describe('createListing', () => {
  let fixture: MarketFixture;
  let nextUser = 100;

  beforeAll(async () => {
    fixture = await createMarketFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function fundedSeller(amount = 50) {
    const seller = testUser(nextUser++);
    await fund(fixture.market, seller, amount);
    return seller;
  }

  const listing = { name: 'Paper Crane', price: 12, stock: 3 };

  it('burns the listing fee', async () => {
    const seller = await fundedSeller();

    const created = await fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

    expect(created.fee).toBe(10);
    expect(created.balance).toBe(40);
    const fee = await fixture.pool.query(
      "SELECT from_user_id, to_user_id, amount FROM ledger_entries WHERE kind = 'listing_fee' AND listing_id = $1",
      [created.listingId],
    );
    expect(fee.rows).toEqual([{ from_user_id: seller.id, to_user_id: null, amount: '10' }]);
  });

  it('stores the trimmed name', async () => {
    const seller = await fundedSeller();

    const created = await fixture.market.createListing({
      seller,
      ...listing,
      name: '  Folded Star  ',
      description: '  bright  ',
      idempotencyKey: newKey(),
    });

    const stored = await fixture.market.viewListing(created.listingId);
    expect(stored.name).toBe('Folded Star');
    expect(stored.description).toBe('bright');
  });

  it('rejects a second listing within 12 hours', async () => {
    const seller = await fundedSeller();
    await fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });
    fixture.clock.advance(11 * HourMs);

    const attempt = fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingCooldown });
    await expect(attempt).rejects.toHaveProperty(
      'userMessage',
      'You can create your next listing in 1 hour.',
    );
  });

  it('allows a listing after the cooldown', async () => {
    const seller = await fundedSeller();
    await fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });
    fixture.clock.advance(12 * HourMs);

    const second = await fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

    expect(second.balance).toBe(30);
  });

  it('keeps the cooldown after removal', async () => {
    const seller = await fundedSeller();
    const first = await fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });
    await fixture.market.removeListing({ seller, listingId: first.listingId, idempotencyKey: newKey() });

    const attempt = fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.ListingCooldown });
  });

  it('rejects a balance below the fee', async () => {
    const seller = await fundedSeller(9);

    const attempt = fixture.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InsufficientBalance });
  });

  it.each([
    ['empty name', { name: '   ' }, MarketErrorCodes.InvalidName],
    ['long name', { name: 'x'.repeat(256) }, MarketErrorCodes.InvalidName],
    ['NUL in name', { name: 'a\0b' }, MarketErrorCodes.InvalidName],
    ['long description', { description: 'y'.repeat(1_001) }, MarketErrorCodes.InvalidDescription],
    ['negative price', { price: -1 }, MarketErrorCodes.InvalidPrice],
    ['fractional price', { price: 2.5 }, MarketErrorCodes.InvalidPrice],
    ['negative stock', { stock: -1 }, MarketErrorCodes.InvalidStock],
    ['fractional stock', { stock: 0.5 }, MarketErrorCodes.InvalidStock],
  ])('rejects %s', async (_case, override, code) => {
    const seller = await fundedSeller();

    const attempt = fixture.market.createListing({
      seller,
      ...listing,
      ...override,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code });
  });

  it('accepts a 255 character name', async () => {
    const seller = await fundedSeller();

    const created = await fixture.market.createListing({
      seller,
      ...listing,
      name: 'n'.repeat(255),
      idempotencyKey: newKey(),
    });

    expect(created.name).toHaveLength(255);
  });

  it('charges nothing with a zero fee', async () => {
    const free = await createMarketFixture({ market: { listingFee: 0 } });
    try {
      const seller = testUser(1);

      const created = await free.market.createListing({ seller, ...listing, idempotencyKey: newKey() });

      expect(created.balance).toBe(0);
      expect((await free.market.checkConservation()).balanced).toBe(true);
    } finally {
      await free.close();
    }
  });
});
