import type { MigrationBuilder } from 'node-pg-migrate';

// Outcomes of mutating marketplace operations, keyed by the caller's idempotency key (a Discord interaction id).
// A retried request finds its key here and gets the stored outcome back instead of running again. Operations
// that move petals also put the key on their ledger row, whose unique index is the last line of defence.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('market_operations', {
    idempotency_key: { type: 'text', primaryKey: true },
    operation: { type: 'text', notNull: true },
    user_id: { type: 'bigint', notNull: true, references: 'users', onDelete: 'RESTRICT' },
    // Written in the same transaction that claims the key, so a committed row always has an outcome.
    outcome: { type: 'jsonb' },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.addConstraint('market_operations', 'market_operations_key_length', {
    check: 'char_length(idempotency_key) BETWEEN 1 AND 200',
  });
  pgm.createIndex('market_operations', ['user_id', 'created_at']);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('market_operations');
}
