import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { LegacyMigrationError } from '../errors';
import type { SourceDocument } from '../source-document';
import { parseRawDocument } from './parse-raw-document';

/** The size limit of one BSON document in MongoDB is 16 MiB; anything larger means a corrupt length prefix. */
const MaxDocumentBytes = 16 * 1024 * 1024;
const ReadChunkBytes = 1024 * 1024;

/** Counts the compressed bytes read across the files of one source. */
export interface ByteCounter {
  bytesRead: number;
}

/**
 * Stream the documents of one `.bson` or `.bson.gz` file as mongodump writes them: BSON documents back to back,
 * each starting with its int32 little-endian length.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_SOURCE_TRUNCATED` when the file ends inside a document.
 */
export async function* readBsonFile(
  path: string,
  collection: string,
  counter: ByteCounter,
): AsyncGenerator<SourceDocument> {
  const compressed = path.endsWith('.gz');
  const file = createReadStream(path, { highWaterMark: ReadChunkBytes });
  let previousBytes = 0;
  file.on('data', () => {
    counter.bytesRead += file.bytesRead - previousBytes;
    previousBytes = file.bytesRead;
  });
  const stream: Readable = compressed ? file.pipe(createGunzip()) : file;

  let pending: Buffer = Buffer.alloc(0);
  let pendingOffset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let position = 0;
      while (pending.length - position >= 4) {
        const length = pending.readInt32LE(position);
        checkLength(length, path, pendingOffset + position);
        if (pending.length - position < length) break;

        const raw = Buffer.from(pending.subarray(position, position + length));
        const offset = pendingOffset + position;
        yield parseRawDocument(
          collection,
          raw,
          { kind: 'bson-file', path, offset, compressed },
          `${path} byte ${offset}`,
        );
        position += length;
      }
      pending = pending.subarray(position);
      pendingOffset += position;
    }
  } catch (error) {
    throw asReadError(error, path);
  } finally {
    file.destroy();
  }

  if (pending.length > 0) {
    throw new LegacyMigrationError(
      'SourceTruncated',
      `${path} ends inside a document: ${pending.length} bytes are left at byte ${pendingOffset}. The dump is ` +
        'truncated; make a complete mongodump and run the migration again. Batches already written stay valid.',
    );
  }
}

/** Read the document that starts at `offset` of an uncompressed `.bson` file. */
export async function readBsonAt(path: string, offset: number): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(4);
    const { bytesRead } = await handle.read(header, 0, 4, offset);
    if (bytesRead < 4) return undefined;

    const length = header.readInt32LE(0);
    if (length < 5 || length > MaxDocumentBytes) return undefined;
    const raw = Buffer.alloc(length);
    const read = await handle.read(raw, 0, length, offset);
    return read.bytesRead === length ? raw : undefined;
  } finally {
    await handle.close();
  }
}

/** Return the size of a file in bytes, used as the progress total. */
export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

function checkLength(length: number, path: string, offset: number): void {
  if (length >= 5 && length <= MaxDocumentBytes) return;
  throw new LegacyMigrationError(
    'SourceReadFailed',
    `${path} has an invalid document length ${length} at byte ${offset}, so it is not a mongodump BSON file or it ` +
      'is corrupt there. Check the file, or make a fresh mongodump.',
  );
}

function asReadError(error: unknown, path: string): unknown {
  if (error instanceof LegacyMigrationError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new LegacyMigrationError('SourceNotFound', `${path} does not exist. Check the --from path.`, {
      cause: error,
    });
  }
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') {
    return new LegacyMigrationError(
      'SourceTruncated',
      `${path} is not a complete gzip file (${(error as Error).message}). Make a complete mongodump --gzip and run ` +
        'the migration again. Batches already written stay valid.',
      { cause: error },
    );
  }
  return new LegacyMigrationError('SourceReadFailed', `Reading ${path} failed: ${(error as Error).message}`, {
    cause: error,
  });
}
