import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { LegacyMigrationError } from '../errors';
import type { SourceDocument, SourceLocator } from '../source-document';
import { fileSize, readBsonAt, readBsonFile, type ByteCounter } from './bson-file-source';
import { readExtendedJsonAt, readExtendedJsonFile } from './extended-json-file';
import {
  DefaultLegacyCollections,
  DefaultLegacyDatabase,
  rereadKey,
  type DocumentToReread,
  type LegacySource,
  type SourceProgress,
} from './legacy-source';

/** One file of a file source and the collection it holds. */
interface CollectionFile {
  collection: string;
  path: string;
  format: 'bson' | 'extended-json';
}

const BsonSuffixes = ['.bson', '.bson.gz'];
const ExtendedJsonSuffixes = ['.jsonl', '.json'];

/**
 * Open a mongodump folder, a single `.bson` or `.bson.gz` file, a mongoexport Extended JSON lines file, or a
 * folder of such exports named after their collections.
 * A single file's collection is its base name, such as `Marketplace` for `Marketplace.bson.gz`.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_SOURCE_NOT_FOUND` for a missing path or collection.
 */
export async function openFileSource(
  location: string,
  requested: readonly string[] | undefined,
): Promise<LegacySource> {
  const info = await stat(location).catch(() => undefined);
  if (!info) {
    throw new LegacyMigrationError(
      'SourceNotFound',
      `The source ${location} does not exist. Pass a mongodb:// URI, a mongodump folder, a .bson or .bson.gz file, ` +
        'or a mongoexport .jsonl file.',
    );
  }

  const files = info.isDirectory()
    ? await findDumpFiles(location, requested)
    : [singleFile(location, requested)];
  return new FileSource(location, files);
}

class FileSource implements LegacySource {
  readonly description: string;
  readonly collections: readonly string[];
  private readonly counter: ByteCounter = { bytesRead: 0 };
  private totalBytes: number | undefined;

  constructor(
    location: string,
    private readonly files: readonly CollectionFile[],
  ) {
    this.description = `files at ${location}`;
    this.collections = files.map((file) => file.collection);
  }

  async *read(collection: string): AsyncIterable<SourceDocument> {
    this.totalBytes ??= await this.sumSizes();
    const file = this.fileOf(collection);
    if (file.format === 'bson') yield* readBsonFile(file.path, collection, this.counter);
    else yield* readExtendedJsonFile(file.path, collection, this.counter);
  }

  progress(): SourceProgress {
    return { done: this.counter.bytesRead, total: this.totalBytes, unit: 'bytes' };
  }

  count(): Promise<number | undefined> {
    return Promise.resolve(undefined);
  }

  async reread(documents: readonly DocumentToReread[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    const compressed: DocumentToReread[] = [];
    for (const document of documents) {
      const { locator } = document;
      let raw: Buffer | undefined;
      if (locator.kind === 'bson-file' && locator.compressed) compressed.push(document);
      else if (locator.kind === 'bson-file') raw = await readBsonAt(locator.path, locator.offset);
      else if (locator.kind === 'extended-json-file')
        raw = await readExtendedJsonAt(locator.path, locator.offset);
      if (raw) found.set(rereadKey(document), raw);
    }

    for (const collection of new Set(compressed.map((document) => document.collection))) {
      const offsets = compressed.filter((document) => document.collection === collection).map(offsetOf);
      await this.rescanCompressed(collection, new Set(offsets), found);
    }
    return found;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  // A gzip stream cannot seek, so the sampled documents of one file are collected in a single pass.
  private async rescanCompressed(
    collection: string,
    offsets: Set<number>,
    found: Map<string, Buffer>,
  ): Promise<void> {
    const file = this.fileOf(collection);
    let left = offsets.size;
    for await (const document of readBsonFile(file.path, collection, { bytesRead: 0 })) {
      if (!offsets.has(offsetOf(document))) continue;
      found.set(rereadKey(document), document.raw);
      left -= 1;
      if (left === 0) return;
    }
  }

  private fileOf(collection: string): CollectionFile {
    const file = this.files.find((candidate) => candidate.collection === collection);
    if (!file) throw new Error(`No file for collection ${collection}`);
    return file;
  }

  private async sumSizes(): Promise<number> {
    const sizes = await Promise.all(this.files.map((file) => fileSize(file.path)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }
}

function offsetOf(document: { locator: SourceLocator }): number {
  return document.locator.kind === 'live' ? -1 : document.locator.offset;
}

async function findDumpFiles(
  folder: string,
  requested: readonly string[] | undefined,
): Promise<CollectionFile[]> {
  const databaseFolder = existsSync(path.join(folder, DefaultLegacyDatabase))
    ? path.join(folder, DefaultLegacyDatabase)
    : folder;
  const entries = await readdir(databaseFolder);
  const collections = requested ?? DefaultLegacyCollections;

  return collections.map((collection) => {
    const suffix = [...BsonSuffixes, ...ExtendedJsonSuffixes].find((candidate) =>
      entries.includes(`${collection}${candidate}`),
    );
    if (!suffix) {
      throw new LegacyMigrationError(
        'SourceNotFound',
        `The folder ${databaseFolder} has no ${collection}.bson, .bson.gz or .jsonl file. Check the folder, or ` +
          'choose the collections to read with --collections.',
      );
    }
    const format = BsonSuffixes.includes(suffix) ? ('bson' as const) : ('extended-json' as const);
    return { collection, path: path.join(databaseFolder, `${collection}${suffix}`), format };
  });
}

function singleFile(location: string, requested: readonly string[] | undefined): CollectionFile {
  const base = path.basename(location);
  const bsonSuffix = BsonSuffixes.find((suffix) => base.endsWith(suffix));
  const jsonSuffix = ExtendedJsonSuffixes.find((suffix) => base.endsWith(suffix));
  const suffix = bsonSuffix ?? jsonSuffix;
  if (!suffix) {
    throw new LegacyMigrationError(
      'InvalidArgument',
      `The source file ${location} is neither .bson, .bson.gz nor .jsonl. Pass a mongodump or mongoexport file.`,
    );
  }

  const collection = base.slice(0, -suffix.length);
  if (requested && !(requested.length === 1 && requested[0] === collection)) {
    throw new LegacyMigrationError(
      'InvalidArgument',
      `--collections ${requested.join(',')} does not match the single file ${base}, which holds collection ` +
        `${collection}. Leave out --collections or pass --collections ${collection}.`,
    );
  }
  return { collection, path: location, format: bsonSuffix ? 'bson' : 'extended-json' };
}
