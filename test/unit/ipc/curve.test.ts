import { curveKeyPair } from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';

import type { Broker } from '../../../services/ipc/broker';
import type { CurveClientKeys } from '../../../services/ipc/curve';
import { IpcErrorCodes } from '../../../services/ipc/errors';
import {
  connectTestClient,
  createTestWorker,
  rejectionOf,
  startTestBroker,
  waitFor,
} from '../../support/ipc-harness';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const server = curveKeyPair();
const clientPair = curveKeyPair();
const rightKeys: CurveClientKeys = { serverPublicKey: server.publicKey, ...clientPair };

async function curveBroker(): Promise<Broker> {
  const broker = await startTestBroker({ curve: server });
  cleanups.push(() => broker.close());
  const worker = createTestWorker(broker, { curve: rightKeys });
  worker.serve('echo', (body) => body);
  worker.start();
  cleanups.push(() => worker.close());
  await waitFor(() => broker.workerCount === 1, 3_000, 'the CURVE worker to register');
  return broker;
}

describe('IPC with CURVE', () => {
  it('works with the right keys', async () => {
    const broker = await curveBroker();
    const client = connectTestClient(broker, rightKeys);
    cleanups.push(() => client.close());
    expect(await client.request('echo', 'secret', { deadlineMs: 2_000 })).toBe('secret');
  });

  it('fails with a wrong server key', async () => {
    const broker = await curveBroker();
    const client = connectTestClient(broker, { ...rightKeys, serverPublicKey: curveKeyPair().publicKey });
    cleanups.push(() => client.close());
    const error = await rejectionOf(client.request('echo', 'secret', { deadlineMs: 250 }));
    expect(error.code).toBe(IpcErrorCodes.DeadlineExceeded);
  });

  it('fails without client keys', async () => {
    const broker = await curveBroker();
    const client = connectTestClient(broker);
    cleanups.push(() => client.close());
    const error = await rejectionOf(client.request('echo', 'secret', { deadlineMs: 250 }));
    expect(error.code).toBe(IpcErrorCodes.DeadlineExceeded);
  });

  it('keeps a wrong-key worker out', async () => {
    const broker = await curveBroker();
    const intruder = createTestWorker(broker, {
      curve: { ...rightKeys, serverPublicKey: curveKeyPair().publicKey },
    });
    intruder.serve('other', () => 'x');
    intruder.start();
    cleanups.push(() => intruder.close());
    const client = connectTestClient(broker, rightKeys);
    cleanups.push(() => client.close());
    const error = await rejectionOf(client.request('other', null, { deadlineMs: 500 }));
    expect(error.code).toBe(IpcErrorCodes.UnknownService);
  });
});
