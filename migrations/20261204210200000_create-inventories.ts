import type { MigrationBuilder } from 'node-pg-migrate';

// What each user owns: units of a listing bought on the marketplace.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('inventories', {
    user_id: { type: 'bigint', notNull: true, references: 'users', onDelete: 'RESTRICT' },
    listing_id: { type: 'uuid', notNull: true, references: 'marketplace_listings', onDelete: 'RESTRICT' },
    quantity: { type: 'integer', notNull: true },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.addConstraint('inventories', 'inventories_pkey', { primaryKey: ['user_id', 'listing_id'] });
  pgm.addConstraint('inventories', 'inventories_quantity_positive', { check: 'quantity > 0' });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('inventories');
}
