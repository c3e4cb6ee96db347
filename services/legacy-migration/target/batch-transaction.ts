import type pg from 'pg';

/**
 * The unit in which a batch commits. A normal run commits each batch as its own transaction. A dry run keeps
 * everything in one outer transaction that is rolled back at the end, and each batch is a savepoint in it.
 */
export class BatchTransaction {
  constructor(
    private readonly client: pg.ClientBase,
    private readonly dryRun: boolean,
  ) {}

  async begin(): Promise<void> {
    await this.client.query(this.dryRun ? 'SAVEPOINT legacy_batch' : 'BEGIN');
  }

  async commit(): Promise<void> {
    await this.client.query(this.dryRun ? 'RELEASE SAVEPOINT legacy_batch' : 'COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query(this.dryRun ? 'ROLLBACK TO SAVEPOINT legacy_batch' : 'ROLLBACK');
  }
}

/** Return true for errors PostgreSQL raises about the data itself (SQLSTATE classes 22 and 23). */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
