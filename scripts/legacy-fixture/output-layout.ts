import { join } from 'node:path';

import { DatabaseName, type CollectionName } from './legacy-document';

/** Paths of the files one fixture run writes, relative to its output folder. */
export const OutputLayout = {
  dumpFolder: (outDir: string) => join(outDir, 'dump', DatabaseName),
  gzipDumpFolder: (outDir: string) => join(outDir, 'dump-gzip', DatabaseName),
  exportFolder: (outDir: string) => join(outDir, 'export'),
  bson: (outDir: string, collection: CollectionName) =>
    join(outDir, 'dump', DatabaseName, `${collection}.bson`),
  gzipBson: (outDir: string, collection: CollectionName) =>
    join(outDir, 'dump-gzip', DatabaseName, `${collection}.bson.gz`),
  metadata: (outDir: string, collection: CollectionName) =>
    join(outDir, 'dump', DatabaseName, `${collection}.metadata.json`),
  gzipMetadata: (outDir: string, collection: CollectionName) =>
    join(outDir, 'dump-gzip', DatabaseName, `${collection}.metadata.json.gz`),
  jsonl: (outDir: string, collection: CollectionName) => join(outDir, 'export', `${collection}.jsonl`),
  expected: (outDir: string) => join(outDir, 'expected.jsonl'),
  manifest: (outDir: string) => join(outDir, 'manifest.json'),
} as const;
