import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSilentLogger } from '../../../services/logging/logger';
import { createMarket } from '../../../services/market/market';
import { startBotHarness, type BotHarness } from '../../support/fake-discord/bot-harness';
import { generateTemporaryFixture, type GeneratedFixture } from '../../support/generated-fixture';
import { fund, ignoreTermination, testUser } from '../../support/market-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { migrate } from '../legacy-migration/migration-harness';

interface MigratedListing {
  id: string;
  name: string;
  price: string;
  stock: number;
  seller_id: string;
}

// Listings written by the legacy migration, then browsed and bought through the bot's slash commands.
describe('migrated listings through the bot', () => {
  let fixture: GeneratedFixture;
  let database: TestDatabase;
  let pool: pg.Pool;
  let harness: BotHarness;
  let listing: MigratedListing;
  const buyer = testUser(77, 'newcomer');

  beforeAll(async () => {
    fixture = await generateTemporaryFixture(300, 3);
    database = await createTestDatabase();
    await migrate(path.join(fixture.outDir, 'dump'), database.url);

    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', ignoreTermination);
    const found = await pool.query<MigratedListing>(
      `SELECT l.id, l.name, l.price, l.stock, l.seller_id FROM marketplace_listings l
       JOIN legacy_marketplace_documents d ON d.listing_id = l.id
       WHERE l.stock >= 2 AND l.price BETWEEN 1 AND 1000 AND l.name ~ '^[A-Za-z ]+$'
       ORDER BY l.listed_at LIMIT 1`,
    );
    listing = found.rows[0] as MigratedListing;
    await fund(createMarket({ pool }), buyer, 5_000);
    harness = await startBotHarness({ databaseUrl: database.url, logger: createSilentLogger() });
  });

  afterAll(async () => {
    await harness?.stop();
    await pool?.end();
    await database?.drop();
    await fixture?.remove();
  });

  const isEdit = (token: string) => (call: { method: string; path: string }) =>
    call.method === 'PATCH' && call.path.endsWith(`/${token}/messages/%40original`);

  it('views a migrated listing', async () => {
    const { token } = harness.sendCommand(buyer, 'market', [
      { type: 1, name: 'view', options: [{ type: 3, name: 'listing', value: listing.id }] },
    ]);

    const edit = await harness.fake.waitForCall(isEdit(token));

    expect(JSON.stringify(edit.body)).toContain(listing.name);
  });

  it('buys a migrated listing', async () => {
    const { token } = harness.sendCommand(buyer, 'market', [
      {
        type: 1,
        name: 'buy',
        options: [
          { type: 3, name: 'listing', value: listing.id },
          { type: 4, name: 'quantity', value: 2 },
        ],
      },
    ]);

    const edit = await harness.fake.waitForCall(isEdit(token));

    expect(JSON.stringify(edit.body)).toContain('You bought 2');
    const after = await pool.query<{ stock: number }>(
      'SELECT stock FROM marketplace_listings WHERE id = $1',
      [listing.id],
    );
    expect(after.rows[0]?.stock).toBe(listing.stock - 2);
    const seller = await pool.query<{ balance: string }>('SELECT balance FROM users WHERE id = $1', [
      listing.seller_id,
    ]);
    expect(seller.rows[0]?.balance).toBe(String(BigInt(listing.price) * 2n));
  });
});
