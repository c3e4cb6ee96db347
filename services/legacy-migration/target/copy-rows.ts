import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of a COPY row: text, bytes for a bytea column, or null for SQL NULL. */
export type CopyValue = string | Buffer | null;

const CopySpecialCharacters = /[\\\t\n\r]/;
const CopySpecialCharactersGlobal = /[\\\t\n\r]/g;
const CopyEscapes: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Encode one value in PostgreSQL's COPY text format: `\N` for NULL, backslash escapes for the delimiters, and
 * bytes as a `\x` hex bytea literal with its backslash escaped.
 */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (!CopySpecialCharacters.test(value)) return value;
  return value.replace(CopySpecialCharactersGlobal, (character) => CopyEscapes[character] ?? character);
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
