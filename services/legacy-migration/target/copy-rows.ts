import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of a COPY row: text, or null for SQL NULL. */
export type CopyValue = string | null;

/** Encode one value in PostgreSQL's COPY text format: `\N` for NULL, and backslash escapes for the delimiters. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('\t', '\\t')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
}

/** Encode bytes as a bytea value for COPY's text format. */
export function encodeCopyBytea(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}

/**
 * Load rows into a table with `COPY ... FROM STDIN`, inside the caller's transaction. COPY parses rows far
 * faster than an INSERT of array parameters, which matters for the large BSON values.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: CopyValue[][],
): Promise<void> {
  if (rows.length === 0) return;

  const text = rows.map((row) => row.map(encodeCopyValue).join('\t')).join('\n') + '\n';
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([text]), stream);
}
