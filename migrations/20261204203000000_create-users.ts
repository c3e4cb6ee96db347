import type { MigrationBuilder } from 'node-pg-migrate';

// Discord users, keyed by their snowflake. Snowflakes pass 2^53, so the column is bigint and the application
// reads it as a string or BigInt, never as a JS number.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('users', {
    id: { type: 'bigint', primaryKey: true },
    username: { type: 'text' },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.addConstraint('users', 'users_id_positive', { check: 'id > 0' });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('users');
}
