import { Double, Int32, Long, type Document } from 'bson';
import { MongoClient, MongoServerError, type Filter, type ObjectId, type WithId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DatabaseName, type LegacyDocument } from '../../../scripts/legacy-fixture/legacy-document';
import { generateTemporaryFixture, type GeneratedFixture } from '../../support/generated-fixture';
import { deserializeExactly, readDumpDocuments } from '../../support/legacy-fixture-files';
import {
  insertFixtureWithDriver,
  seedFixtureDocuments,
  startMongoWireServer,
  type MongoWireServer,
} from '../../support/mongo-wire-server';

const TwoPow53 = 2n ** 53n;

let fixture: GeneratedFixture;
let driverServer: MongoWireServer;
let seededServer: MongoWireServer;
let driverClient: MongoClient;
let seededClient: MongoClient;

beforeAll(async () => {
  fixture = await generateTemporaryFixture(300, 11);
  driverServer = await startMongoWireServer();
  seededServer = await startMongoWireServer();
  await insertFixtureWithDriver(driverServer.uri, fixture.outDir, 100);
  await seedFixtureDocuments(seededServer, fixture.outDir);
  driverClient = await MongoClient.connect(driverServer.uri);
  seededClient = await MongoClient.connect(seededServer.uri);
});

afterAll(async () => {
  await driverClient?.close();
  await seededClient?.close();
  await driverServer?.stop();
  await seededServer?.stop();
  await fixture?.remove();
});

function dumpDocuments(collection: 'Marketplace' | 'MarketplaceModel'): LegacyDocument[] {
  return readDumpDocuments(fixture.outDir, collection).map(deserializeExactly);
}

async function readRaw(client: MongoClient, filter: Document): Promise<LegacyDocument> {
  const [raw] = await client
    .db(DatabaseName)
    .collection('MarketplaceModel')
    .find(filter, { raw: true })
    .toArray();
  return deserializeExactly(Buffer.from(raw as unknown as Uint8Array));
}

describe('insertFixtureWithDriver', () => {
  it('keeps an int64 owner above 2^53', async () => {
    const source = dumpDocuments('MarketplaceModel').find(
      (document) => document.owner instanceof Long && document.owner.toBigInt() > TwoPow53,
    );
    const stored = await readRaw(driverClient, { _id: source?._id });

    expect(stored.owner).toBeInstanceOf(Long);
    expect((stored.owner as Long).toBigInt()).toBe((source?.owner as Long).toBigInt());
  });

  it('keeps an int32 amount', async () => {
    const source = dumpDocuments('MarketplaceModel').find((document) => document.amount instanceof Int32);
    const stored = await readRaw(driverClient, { _id: source?._id });

    expect(stored.amount).toBeInstanceOf(Int32);
    expect((stored.amount as Int32).value).toBe((source?.amount as Int32).value);
  });

  it('reads owners as bigint with useBigInt64', async () => {
    const source = dumpDocuments('MarketplaceModel').find((document) => document.owner instanceof Long);
    const collection = driverClient.db(DatabaseName).collection('MarketplaceModel');
    const stored = await collection.findOne({ _id: source?._id }, { useBigInt64: true });

    expect(stored?.owner).toBe((source?.owner as Long).toBigInt());
  });

  it('narrows an integral double to int32', async () => {
    const source = [...dumpDocuments('Marketplace'), ...dumpDocuments('MarketplaceModel')].find(
      (document) => document.price instanceof Double && Number.isInteger(document.price.value),
    );
    const collectionName = dumpDocuments('Marketplace').some((document) => document._id.equals(source?._id))
      ? 'Marketplace'
      : 'MarketplaceModel';
    const [raw] = await driverClient
      .db(DatabaseName)
      .collection(collectionName)
      .find({ _id: source?._id }, { raw: true })
      .toArray();

    // CongoDB decodes commands with promoted values, so the double is re-encoded as int32.
    expect(deserializeExactly(Buffer.from(raw as unknown as Uint8Array)).price).toBeInstanceOf(Int32);
  });
});

describe('seedFixtureDocuments', () => {
  it('returns dump bytes unchanged', async () => {
    for (const collection of ['Marketplace', 'MarketplaceModel'] as const) {
      const expected = readDumpDocuments(fixture.outDir, collection);
      const stored = await seededClient
        .db(DatabaseName)
        .collection(collection)
        .find({}, { raw: true })
        .toArray();

      expect(stored.map((raw) => Buffer.from(raw as unknown as Buffer).toString('hex'))).toEqual(
        expected.map((bytes) => bytes.toString('hex')),
      );
    }
  });
});

describe('CongoDB cursor support', () => {
  it('pages by _id keyset', async () => {
    const collection = seededClient.db(DatabaseName).collection('MarketplaceModel');
    const seen: string[] = [];
    let lastId: ObjectId | null = null;
    for (;;) {
      const filter: Filter<Document> = lastId === null ? {} : { _id: { $gt: lastId } };
      const page: WithId<Document>[] = await collection.find(filter).sort({ _id: 1 }).limit(40).toArray();
      if (page.length === 0) break;
      seen.push(...page.map((document) => document._id.toHexString()));
      lastId = page.at(-1)?._id ?? null;
    }
    const expected = dumpDocuments('MarketplaceModel').map((document) => document._id.toHexString());

    expect(seen).toEqual([...expected].sort());
  });

  it('returns all documents in small batches', async () => {
    const collection = seededClient.db(DatabaseName).collection('Marketplace');
    const documents = await collection.find({}).batchSize(7).toArray();

    expect(documents).toHaveLength(fixture.manifest.collections.Marketplace);
  });

  it('counts documents both ways', async () => {
    const collection = seededClient.db(DatabaseName).collection('MarketplaceModel');

    expect(await collection.countDocuments()).toBe(fixture.manifest.collections.MarketplaceModel);
    expect(await collection.estimatedDocumentCount()).toBe(fixture.manifest.collections.MarketplaceModel);
  });

  it('forgets a killed cursor', async () => {
    const database = seededClient.db(DatabaseName);
    const opened = await database.command({ find: 'Marketplace', batchSize: 5 });
    const cursorId = (opened.cursor as { id: unknown }).id;
    await database.command({ killCursors: 'Marketplace', cursors: [cursorId] });

    const error: unknown = await database
      .command({ getMore: cursorId, collection: 'Marketplace' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(43);
  });

  it('fails authenticated connections', async () => {
    const uri = seededServer.uri.replace('mongodb://', 'mongodb://reader:secret@');
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2_000 });

    await expect(client.connect()).rejects.toThrow();
    await client.close();
  });
});
