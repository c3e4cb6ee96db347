import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSilentLogger } from '../../../services/logging/logger';
import { createMarket } from '../../../services/market/market';
import { startBotHarness, type BotHarness } from '../../support/fake-discord/bot-harness';
import { fund, ignoreTermination, newKey, testUser } from '../../support/market-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

interface PagedMessage {
  embeds: Array<{ footer: { text: string } }>;
  components: Array<{ components: Array<{ custom_id: string; label: string; disabled: boolean }> }>;
}

describe('bot end to end', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let harness: BotHarness;
  let listingId: string;
  const seller = testUser(1, 'seller');
  const buyer = testUser(2, 'buyer');

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', ignoreTermination);
    const market = createMarket({ pool });
    await fund(market, seller, 50);
    await fund(market, buyer, 200);
    const created = await market.createListing({
      seller,
      name: 'Moon Lantern',
      price: 45,
      stock: 3,
      idempotencyKey: newKey(),
    });
    listingId = created.listingId;
    harness = await startBotHarness({ databaseUrl: database.url, logger: createSilentLogger() });
  });

  afterAll(async () => {
    await harness?.stop();
    await pool.end();
    await database.drop();
  });

  const isEdit = (token: string) => (call: { method: string; path: string }) =>
    call.method === 'PATCH' && call.path.endsWith(`/${token}/messages/%40original`);

  it('fetches the gateway over REST', () => {
    expect(harness.fake.calls[0]).toMatchObject({ method: 'GET', path: '/api/v10/gateway/bot' });
  });

  it('buys through /market buy', async () => {
    const { id, token } = harness.sendCommand(buyer, 'market', [
      {
        type: 1,
        name: 'buy',
        options: [
          { type: 3, name: 'listing', value: listingId },
          { type: 4, name: 'quantity', value: 2 },
        ],
      },
    ]);

    const edit = await harness.fake.waitForCall(isEdit(token));

    const callback = harness.fake.calls.find(
      (call) => call.path === `/api/v10/interactions/${id}/${token}/callback`,
    );
    expect(callback?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit.body).toMatchObject({
      content: 'You bought 2 × **Moon Lantern** for 90 petals. You now own 2 and have 110 petals left.',
    });
    const balances = await pool.query<{ id: string; balance: string }>(
      'SELECT id, balance FROM users WHERE id = ANY($1) ORDER BY id',
      [[seller.id, buyer.id]],
    );
    expect(balances.rows).toEqual([
      { id: seller.id, balance: '130' },
      { id: buyer.id, balance: '110' },
    ]);
    const listing = await pool.query('SELECT stock FROM marketplace_listings WHERE id = $1', [listingId]);
    expect(listing.rows).toEqual([{ stock: 1 }]);
    const inventory = await pool.query('SELECT user_id, quantity FROM inventories WHERE listing_id = $1', [
      listingId,
    ]);
    expect(inventory.rows).toEqual([{ user_id: buyer.id, quantity: 2 }]);
    const ledger = await pool.query(
      'SELECT kind, from_user_id, to_user_id, amount, quantity FROM ledger_entries WHERE idempotency_key = $1',
      [id],
    );
    expect(ledger.rows).toEqual([
      { kind: 'purchase', from_user_id: buyer.id, to_user_id: seller.id, amount: '90', quantity: 2 },
    ]);
  });

  it('replies privately on an error', async () => {
    const { token } = harness.sendCommand(seller, 'market', [
      { type: 1, name: 'buy', options: [{ type: 3, name: 'listing', value: listingId }] },
    ]);

    const followUp = await harness.fake.waitForCall(
      (call) => call.method === 'POST' && call.path.endsWith(`/webhooks/1100000000000000001/${token}`),
    );

    expect(followUp.body).toMatchObject({ content: 'You cannot buy your own listing.', flags: 64 });
    const deleted = harness.fake.calls.find(
      (call) => call.method === 'DELETE' && call.path.endsWith(`/${token}/messages/%40original`),
    );
    expect(deleted).toBeDefined();
  });

  it('replies to /balance ephemerally', async () => {
    const { id, token } = harness.sendCommand(buyer, 'balance', []);

    const edit = await harness.fake.waitForCall(isEdit(token));

    const callback = harness.fake.calls.find((call) => call.path.includes(`/interactions/${id}/`));
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit.body).toMatchObject({ content: 'You have 110 petals.' });
  });

  it('pages the listing with buttons', async () => {
    const market = createMarket({ pool, options: { listingFee: 0 } });
    for (let index = 0; index < 6; index += 1) {
      await market.createListing({
        seller: testUser(10 + index),
        name: `Paper Lantern ${index}`,
        price: 0,
        stock: 1,
        idempotencyKey: newKey(),
      });
    }
    const { token } = harness.sendCommand(buyer, 'market', [{ type: 1, name: 'list', options: [] }]);
    const first = (await harness.fake.waitForCall(isEdit(token))).body as PagedMessage;
    const next = first.components[0]!.components[1]!;

    const click = harness.clickButton(buyer, next.custom_id);
    const update = await harness.fake.waitForCall((call) => call.path.includes(`/interactions/${click.id}/`));

    expect(first.embeds[0]!.footer.text).toBe('Page 1 of 2 · 7 in all');
    expect(next).toMatchObject({ label: 'Next', disabled: false });
    const body = update.body as { type: number; data: PagedMessage };
    expect(body.type).toBe(7);
    expect(body.data.embeds[0]!.footer.text).toBe('Page 2 of 2 · 7 in all');
    expect(body.data.components[0]!.components[1]).toMatchObject({ label: 'Next', disabled: true });
  });

  it('rejects another user on pager buttons', async () => {
    const { token } = harness.sendCommand(buyer, 'market', [{ type: 1, name: 'list', options: [] }]);
    const first = (await harness.fake.waitForCall(isEdit(token))).body as PagedMessage;

    const click = harness.clickButton(seller, first.components[0]!.components[1]!.custom_id);
    const reply = await harness.fake.waitForCall((call) => call.path.includes(`/interactions/${click.id}/`));

    expect(reply.body).toMatchObject({
      type: 4,
      data: { content: 'Only the person who ran the command can turn its pages.', flags: 64 },
    });
  });

  it('reports ready and metrics', async () => {
    const base = `http://127.0.0.1:${harness.bot.healthPort()}`;

    const ready = await fetch(`${base}/readyz`);
    const metrics = await (await fetch(`${base}/metrics`)).text();

    expect(ready.status).toBe(200);
    expect(metrics).toContain('kumiko_bot_interactions_total{command="market buy",outcome="ok"} 1');
  });
});
