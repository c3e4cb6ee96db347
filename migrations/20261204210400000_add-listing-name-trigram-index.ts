import type { MigrationBuilder } from 'node-pg-migrate';

// Case-insensitive partial-word search on listing names. pg_trgm ships with PostgreSQL's contrib modules,
// including the embedded server's binaries, and a GIN trigram index serves ILIKE '%term%' and similarity().
export function up(pgm: MigrationBuilder): void {
  pgm.createExtension('pg_trgm', { ifNotExists: true });
  pgm.createIndex('marketplace_listings', [{ name: 'name', opclass: 'gin_trgm_ops' }], {
    name: 'marketplace_listings_name_trigram_index',
    method: 'gin',
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropIndex('marketplace_listings', [], { name: 'marketplace_listings_name_trigram_index' });
  // The extension stays: other objects in the database may use it.
}
