/** Stable codes of the database errors. A code is never reused for another meaning. */
export const DatabaseErrorCodes = {
  EmbeddedStartFailed: 'KUMIKO_DB_EMBEDDED_START_FAILED',
  InvalidUrl: 'KUMIKO_DB_INVALID_URL',
  Unreachable: 'KUMIKO_DB_UNREACHABLE',
  SchemaOutOfDate: 'KUMIKO_DB_SCHEMA_OUT_OF_DATE',
  MigrationFailed: 'KUMIKO_DB_MIGRATION_FAILED',
} as const;

export type DatabaseErrorCode = (typeof DatabaseErrorCodes)[keyof typeof DatabaseErrorCodes];

/** An error about the PostgreSQL connection, server or schema, with a stable `code`. */
export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return `DatabaseError [${this.code}]`;
  }
}
