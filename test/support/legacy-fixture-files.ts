import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { BSON, EJSON } from 'bson';

import type { ExpectedOutcome } from '../../scripts/legacy-fixture/expected-outcome';
import type { CollectionName, LegacyDocument } from '../../scripts/legacy-fixture/legacy-document';
import type { FixtureManifest } from '../../scripts/legacy-fixture/manifest';
import { OutputLayout } from '../../scripts/legacy-fixture/output-layout';

/**
 * Split concatenated BSON documents (a mongodump `.bson` file) into one buffer per document.
 *
 * @throws RangeError when a length prefix runs past the end of the data.
 */
export function splitBsonDocuments(data: Buffer): Buffer[] {
  const documents: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const length = data.readInt32LE(offset);
    if (length < 5 || offset + length > data.length) {
      throw new RangeError(
        `BSON document at byte ${offset} claims ${length} bytes, past the end of the data.`,
      );
    }
    documents.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return documents;
}

/** Read the raw BSON documents of a collection from a fixture's plain mongodump folder. */
export function readDumpDocuments(outDir: string, collection: CollectionName): Buffer[] {
  return splitBsonDocuments(readFileSync(OutputLayout.bson(outDir, collection)));
}

/** Read the raw BSON documents of a collection from a fixture's gzipped mongodump folder. */
export function readGzipDumpDocuments(outDir: string, collection: CollectionName): Buffer[] {
  return splitBsonDocuments(gunzipSync(readFileSync(OutputLayout.gzipBson(outDir, collection))));
}

/** Read a collection's mongoexport lines as documents, keeping every BSON type (canonical Extended JSON). */
export function readExportDocuments(outDir: string, collection: CollectionName): LegacyDocument[] {
  return readLines(OutputLayout.jsonl(outDir, collection)).map(
    (line) => EJSON.parse(line, { relaxed: false }) as LegacyDocument,
  );
}

/** Deserialize raw BSON keeping every BSON type: int32, int64 and double stay wrapped. */
export function deserializeExactly(bytes: Buffer): LegacyDocument {
  return BSON.deserialize(bytes, { promoteValues: false }) as LegacyDocument;
}

/** Read expected.jsonl. */
export function readExpectedOutcomes(outDir: string): ExpectedOutcome[] {
  return readLines(OutputLayout.expected(outDir)).map((line) => JSON.parse(line) as ExpectedOutcome);
}

/** Read manifest.json. */
export function readManifest(outDir: string): FixtureManifest {
  return JSON.parse(readFileSync(OutputLayout.manifest(outDir), 'utf8')) as FixtureManifest;
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}
