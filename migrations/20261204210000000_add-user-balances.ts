import type { MigrationBuilder } from 'node-pg-migrate';

// Each user's petal balance. The CHECK makes an overdraft impossible whatever the application does.
export function up(pgm: MigrationBuilder): void {
  pgm.addColumns('users', {
    balance: { type: 'bigint', notNull: true, default: 0 },
    last_daily_at: { type: 'timestamptz' },
  });
  pgm.addConstraint('users', 'users_balance_non_negative', { check: 'balance >= 0' });
  pgm.createIndex('users', [{ name: 'balance', sort: 'DESC' }, 'id'], { name: 'users_leaderboard_index' });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropIndex('users', [], { name: 'users_leaderboard_index' });
  pgm.dropColumns('users', ['balance', 'last_daily_at']);
}
