import type { MigrationBuilder } from 'node-pg-migrate';

// Removing a listing hides it instead of deleting it, because the ledger, inventories and the legacy
// provenance rows keep referring to it.
export function up(pgm: MigrationBuilder): void {
  pgm.addColumns('marketplace_listings', {
    removed_at: { type: 'timestamptz' },
  });
  pgm.createIndex('marketplace_listings', [{ name: 'listed_at', sort: 'DESC' }, 'id'], {
    name: 'marketplace_listings_active_newest_index',
    where: 'removed_at IS NULL',
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropIndex('marketplace_listings', [], { name: 'marketplace_listings_active_newest_index' });
  pgm.dropColumns('marketplace_listings', ['removed_at']);
}
