import type { MigrationBuilder } from 'node-pg-migrate';

// Provenance of the legacy MongoDB marketplace migration: one row per source document, whatever became of it.
// The raw BSON is kept byte for byte, so no source data is lost even for quarantined documents.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('legacy_marketplace_documents', {
    id: { type: 'bigint', primaryKey: true, sequenceGenerated: { precedence: 'ALWAYS' } },
    source_collection: { type: 'text', notNull: true },
    source_id: { type: 'text', notNull: true },
    raw_bson: { type: 'bytea', notNull: true },
    status: { type: 'text', notNull: true },
    reason: { type: 'text' },
    warnings: { type: 'jsonb', notNull: true, default: pgm.func(`'[]'::jsonb`) },
    date_added: { type: 'text' },
    // A listing removed later keeps its provenance row, which then points nowhere.
    listing_id: { type: 'uuid', references: 'marketplace_listings', onDelete: 'SET NULL' },
    // The run that first wrote the row. A re-run uses it to tell its own rows from earlier runs' rows.
    migration_run_id: { type: 'uuid', notNull: true },
    migrated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });

  pgm.addConstraint('legacy_marketplace_documents', 'legacy_marketplace_documents_source_unique', {
    unique: ['source_collection', 'source_id'],
  });
  pgm.addConstraint('legacy_marketplace_documents', 'legacy_marketplace_documents_source_id_object_id', {
    check: "source_id ~ '^[0-9a-f]{24}$'",
  });
  pgm.addConstraint('legacy_marketplace_documents', 'legacy_marketplace_documents_status_known', {
    check: "status IN ('migrated', 'quarantined')",
  });
  // A quarantined document has a reason that starts with its category word and never a listing.
  pgm.addConstraint('legacy_marketplace_documents', 'legacy_marketplace_documents_reason_matches_status', {
    check:
      "(status = 'migrated' AND reason IS NULL) OR " +
      "(status = 'quarantined' AND reason ~ '^[a-z][a-z0-9_]*' AND listing_id IS NULL)",
  });
  pgm.addConstraint('legacy_marketplace_documents', 'legacy_marketplace_documents_warnings_array', {
    check: "jsonb_typeof(warnings) = 'array'",
  });
  pgm.createIndex('legacy_marketplace_documents', 'listing_id');
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('legacy_marketplace_documents');
}
