import type { MigrationBuilder } from 'node-pg-migrate';

// Player marketplace listings. Prices are whole petals, so they are integers.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('marketplace_listings', {
    id: { type: 'uuid', primaryKey: true },
    seller_id: { type: 'bigint', notNull: true, references: 'users', onDelete: 'RESTRICT' },
    name: { type: 'text', notNull: true },
    description: { type: 'text' },
    price: { type: 'bigint', notNull: true },
    stock: { type: 'integer', notNull: true },
    price_changed: { type: 'boolean', notNull: true, default: false },
    listed_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    legacy_uuid: { type: 'text' },
  });

  // The name is stored trimmed, so its length is checked on the stored value.
  pgm.addConstraint('marketplace_listings', 'marketplace_listings_name_trimmed_length', {
    check: 'name = btrim(name) AND char_length(name) BETWEEN 1 AND 255',
  });
  pgm.addConstraint('marketplace_listings', 'marketplace_listings_price_non_negative', {
    check: 'price >= 0',
  });
  pgm.addConstraint('marketplace_listings', 'marketplace_listings_stock_non_negative', {
    check: 'stock >= 0',
  });

  pgm.createIndex('marketplace_listings', 'seller_id');
  pgm.createIndex('marketplace_listings', 'listed_at');
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('marketplace_listings');
}
