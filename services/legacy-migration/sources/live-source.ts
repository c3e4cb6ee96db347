import { BSON, MongoClient, type Collection, type Document } from 'mongodb';

import { LegacyMigrationError } from '../errors';
import type { SourceDocument } from '../source-document';
import {
  DefaultLegacyCollections,
  DefaultLegacyDatabase,
  rereadKey,
  type DocumentToReread,
  type LegacySource,
  type SourceProgress,
} from './legacy-source';
import { parseRawDocument } from './parse-raw-document';

/** Options of the live MongoDB source. */
export interface LiveSourceOptions {
  uri: string;
  collections: readonly string[] | undefined;
  /** Documents per keyset page. */
  batchSize: number;
  /** How long to wait for the server before giving up, in milliseconds. */
  serverSelectionTimeoutMs: number;
}

/**
 * Connect to a live MongoDB server with the official driver and check that the collections exist.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_SOURCE_UNREACHABLE`, `KUMIKO_LEGACY_SOURCE_AUTH_FAILED` or
 *   `KUMIKO_LEGACY_SOURCE_NOT_FOUND`.
 */
export async function openLiveSource(options: LiveSourceOptions): Promise<LegacySource> {
  const description = `MongoDB at ${redactMongoUri(options.uri)}`;
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    connectTimeoutMS: options.serverSelectionTimeoutMs,
    appName: 'kumiko-legacy-migration',
  });

  try {
    await client.connect();
    const database = client.db(databaseFromUri(options.uri));
    const existing = (await database.listCollections({}, { nameOnly: true }).toArray()).map(
      (entry) => entry.name,
    );
    const collections = options.collections ?? DefaultLegacyCollections;
    const missing = collections.filter((name) => !existing.includes(name));
    if (missing.length > 0) {
      throw new LegacyMigrationError(
        'SourceNotFound',
        `${description} has no collection ${missing.join(', ')} in database ${database.databaseName} ` +
          `(it has: ${existing.join(', ') || 'none'}). Check the database name in the URI path, or pass --collections.`,
      );
    }
    return new LiveSource(client, database.databaseName, collections, options.batchSize, description);
  } catch (error) {
    await client.close().catch(() => {});
    throw classifyMongoError(error, description);
  }
}

class LiveSource implements LegacySource {
  private readDocuments = 0;
  private totalDocuments: number | undefined = 0;

  constructor(
    private readonly client: MongoClient,
    private readonly databaseName: string,
    readonly collections: readonly string[],
    private readonly batchSize: number,
    readonly description: string,
  ) {}

  // Keyset paging on _id: each page is an indexed range query, so a page costs the same at any depth and a
  // document inserted during the run is never read twice.
  async *read(collectionName: string): AsyncIterable<SourceDocument> {
    await this.addToTotal(collectionName);
    const collection = this.collection(collectionName);
    let after: BSON.ObjectId | undefined;
    for (;;) {
      const page = await this.readPage(collection, after);
      for (const raw of page) {
        const document = parseRawDocument(
          collectionName,
          raw,
          { kind: 'live' },
          `${collectionName} document`,
        );
        this.readDocuments += 1;
        yield document;
        after = document.fields._id as BSON.ObjectId;
      }
      if (page.length < this.batchSize) return;
    }
  }

  progress(): SourceProgress {
    return { done: this.readDocuments, total: this.totalDocuments, unit: 'documents' };
  }

  async count(collectionName: string): Promise<number | undefined> {
    try {
      return await this.collection(collectionName).countDocuments({});
    } catch (error) {
      throw classifyMongoError(error, this.description);
    }
  }

  async reread(documents: readonly DocumentToReread[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const collectionName of new Set(documents.map((document) => document.collection))) {
      const ids = documents
        .filter((document) => document.collection === collectionName)
        .map((document) => new BSON.ObjectId(document.sourceId));
      try {
        const raws = await this.collection(collectionName)
          .find({ _id: { $in: ids } }, { raw: true })
          .toArray();
        for (const raw of raws) {
          const bytes = Buffer.from(raw as unknown as Uint8Array);
          const id = (BSON.deserialize(bytes, { promoteValues: false })._id as BSON.ObjectId).toHexString();
          found.set(rereadKey({ collection: collectionName, sourceId: id }), bytes);
        }
      } catch (error) {
        throw classifyMongoError(error, this.description);
      }
    }
    return found;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async addToTotal(collectionName: string): Promise<void> {
    const count = await this.count(collectionName);
    this.totalDocuments =
      count === undefined || this.totalDocuments === undefined ? undefined : this.totalDocuments + count;
  }

  private async readPage(
    collection: Collection<Document>,
    after: BSON.ObjectId | undefined,
  ): Promise<Buffer[]> {
    try {
      const filter = after ? { _id: { $gt: after } } : {};
      const page = await collection
        .find(filter, { raw: true, sort: { _id: 1 }, limit: this.batchSize })
        .toArray();
      return page.map((raw) => Buffer.from(raw as unknown as Uint8Array));
    } catch (error) {
      throw classifyMongoError(error, this.description);
    }
  }

  private collection(name: string): Collection<Document> {
    return this.client.db(this.databaseName).collection(name);
  }
}

/** Return the database named in a MongoDB URI's path, or the legacy default. */
export function databaseFromUri(uri: string): string {
  const afterScheme = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  const slash = afterScheme.indexOf('/');
  if (slash === -1) return DefaultLegacyDatabase;
  const name = decodeURIComponent(afterScheme.slice(slash + 1).split('?')[0] ?? '');
  return name === '' ? DefaultLegacyDatabase : name;
}

/** Return a MongoDB URI without its credentials, for logs and messages. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

function classifyMongoError(error: unknown, description: string): unknown {
  if (error instanceof LegacyMigrationError) return error;
  const mongoError = error as { name?: string; code?: number; codeName?: string; message?: string };
  const message = (mongoError.message ?? String(error)).replaceAll(
    /mongodb(\+srv)?:\/\/[^@\s]*@/g,
    'mongodb://***@',
  );

  if (
    mongoError.code === 18 ||
    mongoError.codeName === 'AuthenticationFailed' ||
    /auth/i.test(mongoError.name ?? '')
  ) {
    return new LegacyMigrationError(
      'SourceAuthFailed',
      `Authentication to ${description} failed: ${message}. Check the user and password in the URI and its authSource.`,
      { cause: error },
    );
  }
  if (
    mongoError.name === 'MongoServerSelectionError' ||
    mongoError.name === 'MongoNetworkError' ||
    mongoError.name === 'MongoNetworkTimeoutError'
  ) {
    return new LegacyMigrationError(
      'SourceUnreachable',
      `${description} is unreachable: ${message}. Check the host, port and network access, then run the migration again.`,
      { cause: error },
    );
  }
  return new LegacyMigrationError('SourceReadFailed', `Reading from ${description} failed: ${message}`, {
    cause: error,
  });
}
