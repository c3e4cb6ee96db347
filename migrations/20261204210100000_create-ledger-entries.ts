import type { MigrationBuilder } from 'node-pg-migrate';

// The append-only ledger: one row per petal movement. Petals enter only through minting kinds (no sender) and
// leave only through burning kinds (no receiver), so the sum of balances equals minted minus burned.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('ledger_entries', {
    id: { type: 'bigint', primaryKey: true, sequenceGenerated: { precedence: 'ALWAYS' } },
    kind: { type: 'text', notNull: true },
    from_user_id: { type: 'bigint', references: 'users', onDelete: 'RESTRICT' },
    to_user_id: { type: 'bigint', references: 'users', onDelete: 'RESTRICT' },
    amount: { type: 'bigint', notNull: true },
    listing_id: { type: 'uuid', references: 'marketplace_listings', onDelete: 'RESTRICT' },
    quantity: { type: 'integer' },
    idempotency_key: { type: 'text', unique: true },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });

  pgm.addConstraint('ledger_entries', 'ledger_entries_kind_known', {
    check: "kind IN ('daily_reward', 'admin_grant', 'listing_fee', 'transfer', 'purchase')",
  });
  pgm.addConstraint('ledger_entries', 'ledger_entries_parties_match_kind', {
    check:
      "(kind IN ('daily_reward', 'admin_grant') AND from_user_id IS NULL AND to_user_id IS NOT NULL) OR " +
      "(kind = 'listing_fee' AND from_user_id IS NOT NULL AND to_user_id IS NULL) OR " +
      "(kind IN ('transfer', 'purchase') AND from_user_id IS NOT NULL AND to_user_id IS NOT NULL " +
      'AND from_user_id <> to_user_id)',
  });
  // A purchase of a free listing moves 0 petals but is still recorded.
  pgm.addConstraint('ledger_entries', 'ledger_entries_amount_valid', {
    check: "amount > 0 OR (kind = 'purchase' AND amount = 0)",
  });
  pgm.addConstraint('ledger_entries', 'ledger_entries_purchase_details', {
    check: "kind <> 'purchase' OR (listing_id IS NOT NULL AND quantity > 0)",
  });
  pgm.createIndex('ledger_entries', ['from_user_id', 'created_at']);
  pgm.createIndex('ledger_entries', ['to_user_id', 'created_at']);

  pgm.createFunction(
    'ledger_entries_reject_change',
    [],
    { returns: 'trigger', language: 'plpgsql' },
    "BEGIN RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP; END;",
  );
  pgm.createTrigger('ledger_entries', 'ledger_entries_append_only', {
    when: 'BEFORE',
    operation: ['UPDATE', 'DELETE'],
    level: 'ROW',
    function: 'ledger_entries_reject_change',
  });
  pgm.createTrigger('ledger_entries', 'ledger_entries_no_truncate', {
    when: 'BEFORE',
    operation: 'TRUNCATE',
    level: 'STATEMENT',
    function: 'ledger_entries_reject_change',
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('ledger_entries');
  pgm.dropFunction('ledger_entries_reject_change', []);
}
