import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

import { BSON, EJSON } from 'bson';

import { LegacyMigrationError } from '../errors';
import type { SourceDocument } from '../source-document';
import type { ByteCounter } from './bson-file-source';
import { parseRawDocument } from './parse-raw-document';

const Newline = 0x0a;

/**
 * Stream a mongoexport file of canonical Extended JSON, one document per line. Canonical mode keeps every
 * BSON type, so serializing the parsed document gives the original BSON bytes back.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_SOURCE_READ_FAILED` naming the line that is not Extended JSON.
 */
export async function* readExtendedJsonFile(
  path: string,
  collection: string,
  counter: ByteCounter,
): AsyncGenerator<SourceDocument> {
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let pending: Buffer = Buffer.alloc(0);
  let pendingOffset = 0;
  let lineNumber = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      counter.bytesRead += chunk.length;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      let newline = pending.indexOf(Newline, start);
      while (newline !== -1) {
        lineNumber += 1;
        const document = parseLine(
          pending.subarray(start, newline),
          path,
          collection,
          pendingOffset + start,
          lineNumber,
        );
        if (document) yield document;
        start = newline + 1;
        newline = pending.indexOf(Newline, start);
      }
      pending = pending.subarray(start);
      pendingOffset += start;
    }
  } catch (error) {
    if (error instanceof LegacyMigrationError) throw error;
    throw new LegacyMigrationError(
      'SourceReadFailed',
      `Reading ${path} failed: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    stream.destroy();
  }

  const last = parseLine(pending, path, collection, pendingOffset, lineNumber + 1);
  if (last) yield last;
}

/** Read the line that starts at `offset` again and return its BSON bytes. */
export async function readExtendedJsonAt(path: string, offset: number): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let position = offset;
    for (;;) {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const part = buffer.subarray(0, bytesRead);
      const newline = part.indexOf(Newline);
      chunks.push(newline === -1 ? part : part.subarray(0, newline));
      if (newline !== -1) break;
      position += bytesRead;
    }
    const line = Buffer.concat(chunks).toString('utf8').trim();
    return line === '' ? undefined : toRawBson(line);
  } finally {
    await handle.close();
  }
}

function parseLine(
  bytes: Buffer,
  path: string,
  collection: string,
  offset: number,
  lineNumber: number,
): SourceDocument | undefined {
  const line = bytes.toString('utf8').trim();
  if (line === '') return undefined;

  let raw: Buffer;
  try {
    raw = toRawBson(line);
  } catch (error) {
    throw new LegacyMigrationError(
      'SourceReadFailed',
      `${path} line ${lineNumber} is not canonical Extended JSON (${(error as Error).message}). Export again with ` +
        '`mongoexport --jsonFormat=canonical`, or fix that line.',
      { cause: error },
    );
  }
  return parseRawDocument(
    collection,
    raw,
    { kind: 'extended-json-file', path, offset },
    `${path} line ${lineNumber}`,
  );
}

function toRawBson(line: string): Buffer {
  const document = EJSON.parse(line, { relaxed: false }) as BSON.Document;
  return Buffer.from(BSON.serialize(document));
}
