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

describe('economy operations', () => {
  let fixture: MarketFixture;

  beforeAll(async () => {
    fixture = await createMarketFixture({ market: { listingCooldownMs: 0, listingFee: 0 } });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('balance registers a new user', async () => {
    const user = testUser(1, 'newcomer');

    const result = await fixture.market.getBalance(user);

    expect(result.balance).toBe(0);
    const row = await fixture.pool.query('SELECT username FROM users WHERE id = $1', [user.id]);
    expect(row.rows[0]).toEqual({ username: 'newcomer' });
  });

  it('balance refreshes a changed username', async () => {
    await fixture.market.getBalance(testUser(2, 'old'));

    await fixture.market.getBalance(testUser(2, 'renamed'));

    const row = await fixture.pool.query('SELECT username FROM users WHERE id = $1', [testUser(2).id]);
    expect(row.rows[0]).toEqual({ username: 'renamed' });
  });

  it('balance rejects a malformed id', async () => {
    await expect(fixture.market.getBalance({ id: '12abc', username: 'x' })).rejects.toMatchObject({
      code: MarketErrorCodes.InvalidUser,
    });
  });

  it('daily mints the reward', async () => {
    const user = testUser(10);

    const claimed = await fixture.market.claimDailyReward({ user, idempotencyKey: newKey() });

    expect(claimed.amount).toBe(100);
    expect(claimed.balance).toBe(100);
    expect(claimed.nextAvailableAt).toBe(new Date(fixture.clock.now().getTime() + 24 * HourMs).toISOString());
  });

  it('daily rejects a second claim', async () => {
    const user = testUser(11);
    await fixture.market.claimDailyReward({ user, idempotencyKey: newKey() });
    fixture.clock.advance(23 * HourMs + 30 * 60_000);

    const attempt = fixture.market.claimDailyReward({ user, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.DailyCooldown });
    await expect(attempt).rejects.toHaveProperty(
      'userMessage',
      'You already claimed your daily reward. The next one is available in 30 minutes.',
    );
  });

  it('daily allows a claim after 24 hours', async () => {
    const user = testUser(12);
    await fixture.market.claimDailyReward({ user, idempotencyKey: newKey() });
    fixture.clock.advance(24 * HourMs);

    const second = await fixture.market.claimDailyReward({ user, idempotencyKey: newKey() });

    expect(second.balance).toBe(200);
  });

  it('pay moves petals', async () => {
    const from = testUser(20);
    const to = testUser(21);
    await fund(fixture.market, from, 70);

    const paid = await fixture.market.payUser({ from, to, amount: 30, idempotencyKey: newKey() });

    expect(paid.fromBalance).toBe(40);
    expect(paid.toBalance).toBe(30);
  });

  it('pay rejects self payment', async () => {
    const user = testUser(22);

    const attempt = fixture.market.payUser({ from: user, to: user, amount: 1, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.SelfPayment });
  });

  it.each([0, -5, 2.5])('pay rejects amount %s', async (amount) => {
    const attempt = fixture.market.payUser({
      from: testUser(23),
      to: testUser(24),
      amount,
      idempotencyKey: newKey(),
    });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InvalidAmount });
  });

  it('pay rejects a short balance', async () => {
    const from = testUser(25);
    await fund(fixture.market, from, 5);

    const attempt = fixture.market.payUser({ from, to: testUser(26), amount: 6, idempotencyKey: newKey() });

    await expect(attempt).rejects.toMatchObject({ code: MarketErrorCodes.InsufficientBalance });
    expect((await fixture.market.getBalance(from)).balance).toBe(5);
  });

  it('inventory lists bought units', async () => {
    const seller = testUser(30);
    const buyer = testUser(31);
    await fund(fixture.market, buyer, 100);
    const listing = await fixture.market.createListing({
      seller,
      name: 'Tea Bowl',
      price: 10,
      stock: 9,
      idempotencyKey: newKey(),
    });
    await fixture.market.buyListing({
      buyer,
      listingId: listing.listingId,
      quantity: 2,
      idempotencyKey: newKey(),
    });
    await fixture.market.buyListing({
      buyer,
      listingId: listing.listingId,
      quantity: 3,
      idempotencyKey: newKey(),
    });

    const inventory = await fixture.market.getInventory(buyer);

    expect(inventory.items).toEqual([
      { listingId: listing.listingId, name: 'Tea Bowl', quantity: 5, listingRemoved: false },
    ]);
    expect(inventory.total).toBe(1);
  });

  it('leaderboard orders by balance', async () => {
    const rich = testUser(40, 'rich');
    await fund(fixture.market, rich, 1_000_000);

    const board = await fixture.market.getLeaderboard({ limit: 3 });

    expect(board.items[0]).toEqual({ rank: 1, userId: rich.id, username: 'rich', balance: 1_000_000 });
    expect(board.items.map((entry) => entry.balance)).toEqual(
      [...board.items.map((entry) => entry.balance)].sort((a, b) => b - a),
    );
  });

  it('leaderboard ranks continue across pages', async () => {
    const second = await fixture.market.getLeaderboard({ limit: 2, offset: 2 });

    expect(second.items.map((entry) => entry.rank)).toEqual([3, 4]);
  });

  it('keeps petals conserved', async () => {
    expect((await fixture.market.checkConservation()).balanced).toBe(true);
  });
});
