import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';

import { isMockupDbAvailable, startMockupFaultServer, type MockupFault } from '../../support/mockupdb-faults';

async function readAllAfterFault(fault: MockupFault): Promise<unknown> {
  const server = await startMockupFaultServer(fault);
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000, retryReads: false });
  try {
    const cursor = client.db('kumiko_marketplace').collection('Marketplace').find({}).batchSize(2);
    return await cursor.toArray().catch((error: unknown) => error);
  } finally {
    await client.close(true);
    await server.stop();
  }
}

describe.skipIf(!isMockupDbAvailable())('MockupDB fault server', () => {
  it('fails getMore with CursorNotFound', async () => {
    const error = await readAllAfterFault('cursor-not-found');

    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(43);
  });

  it('drops the connection mid-read', async () => {
    const error = await readAllAfterFault('drop-connection');

    expect(error).toBeInstanceOf(MongoNetworkError);
  });
});
