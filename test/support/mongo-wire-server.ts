import { congodb } from '@push.rocks/smartmongo';
import { MongoClient } from 'mongodb';

import {
  CollectionNames,
  DatabaseName,
  type CollectionName,
} from '../../scripts/legacy-fixture/legacy-document';
import { deserializeExactly, readDumpDocuments } from './legacy-fixture-files';
import { findFreePort } from './free-port';

/** A running CongoDB server: the MongoDB wire-protocol server in `@push.rocks/smartmongo`, in this process. */
export interface MongoWireServer {
  /** Connection string for the official driver, e.g. `mongodb://127.0.0.1:41234/?directConnection=true`. */
  uri: string;
  port: number;
  /** The server's in-memory storage, for seeding documents without the wire protocol. */
  storage: ReturnType<congodb.CongoServer['getStorage']>;
  /** Close every connection and the listening socket. */
  stop(): Promise<void>;
}

const PortAttempts = 5;

/**
 * Start a CongoDB server on a free 127.0.0.1 port. CongoDB reports port 0 as 0, so the port is chosen
 * here by binding port 0 and releasing it, and another process could take it in between: the start is
 * retried on EADDRINUSE.
 *
 * @throws Error when no free port could be bound after several attempts.
 */
export async function startMongoWireServer(): Promise<MongoWireServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < PortAttempts; attempt += 1) {
    const port = await findFreePort();
    const server = new congodb.CongoServer({ host: '127.0.0.1', port });
    try {
      await server.start();
      return {
        uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
        port,
        storage: server.getStorage(),
        stop: () => server.stop(),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      lastError = error;
    }
  }
  throw new Error(`Starting the MongoDB wire test server failed after ${PortAttempts} ports.`, {
    cause: lastError,
  });
}

/**
 * Insert a fixture's mongodump documents with the official driver, in file order, in batches.
 * The driver sends every BSON type as written, but CongoDB (smartmongo 2.2.0) decodes commands with
 * promoted values: an integral double or an int64 below 2^53 comes back as int32. Use
 * {@link seedFixtureDocuments} when exact types matter.
 */
export async function insertFixtureWithDriver(
  uri: string,
  fixtureDir: string,
  batchSize = 1_000,
): Promise<Record<CollectionName, number>> {
  const client = new MongoClient(uri);
  try {
    const database = client.db(DatabaseName);
    const counts = { Marketplace: 0, MarketplaceModel: 0 };
    for (const collection of CollectionNames) {
      const documents = readDumpDocuments(fixtureDir, collection).map(deserializeExactly);
      for (let start = 0; start < documents.length; start += batchSize) {
        const batch = documents.slice(start, start + batchSize);
        const result = await database.collection(collection).insertMany(batch, { ordered: true });
        counts[collection] += result.insertedCount;
      }
    }
    return counts;
  } finally {
    await client.close();
  }
}

/**
 * Store a fixture's mongodump documents directly in the server's memory, in file order. The stored values
 * keep their BSON wrapper types, so reads return every document byte for byte as mongodump wrote it.
 */
export async function seedFixtureDocuments(
  server: MongoWireServer,
  fixtureDir: string,
): Promise<Record<CollectionName, number>> {
  const counts = { Marketplace: 0, MarketplaceModel: 0 };
  for (const collection of CollectionNames) {
    await server.storage.createCollection(DatabaseName, collection);
    const documents = readDumpDocuments(fixtureDir, collection).map(deserializeExactly);
    for (const document of documents) {
      await server.storage.insertOne(DatabaseName, collection, document);
    }
    counts[collection] = documents.length;
  }
  return counts;
}
