import { setTimeout as sleep } from 'node:timers/promises';

import * as zmq from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';

import type { Broker } from '../../../services/ipc/broker';
import type { IpcClient } from '../../../services/ipc/client';
import { IpcErrorCodes } from '../../../services/ipc/errors';
import { encodeHeader, encodeJsonBody, encodeReady, MessageType } from '../../../services/ipc/protocol';
import type { IpcWorker } from '../../../services/ipc/worker';
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

async function broker(options: Parameters<typeof startTestBroker>[0] = {}): Promise<Broker> {
  const started = await startTestBroker(options);
  cleanups.push(() => started.close());
  return started;
}

function client(target: Broker, tuning?: Parameters<typeof connectTestClient>[2]): IpcClient {
  const created = connectTestClient(target, undefined, tuning);
  cleanups.push(() => created.close());
  return created;
}

async function worker(
  target: Broker,
  name: string,
  options: Parameters<typeof createTestWorker>[1] = {},
): Promise<IpcWorker> {
  const created = createTestWorker(target, options);
  created.serve('echo', (body, context) => ({ worker: name, body, guildId: context.guildId ?? null }));
  created.start();
  cleanups.push(() => created.close());
  const expected = target.workerCount + 1;
  await waitFor(() => target.workerCount >= expected, 3_000, `worker ${name} to register`);
  return created;
}

/** A raw DEALER that registers as a worker and never replies, to play a worker that dies mid-request. */
async function silentWorker(target: Broker): Promise<{ socket: zmq.Dealer; received: Buffer[][] }> {
  const socket = new zmq.Dealer({ linger: 0 });
  socket.connect(target.endpoints.worker);
  cleanups.push(() => {
    if (!socket.closed) socket.close();
  });
  const received: Buffer[][] = [];
  void (async () => {
    try {
      for await (const frames of socket) received.push(frames);
    } catch {
      // Closed by the test.
    }
  })();
  await socket.send(encodeReady({ services: ['echo'], shardIds: [0], shardCount: 1, maxInFlight: 10 }));
  await waitFor(() => target.workerCount === 1, 3_000, 'the silent worker to register');
  return { socket, received };
}

/** Start a broker on fixed ports, retrying while libzmq still releases them from a closed broker. */
async function startWhenPortsFree(binds: Broker['endpoints']): Promise<Broker> {
  const giveUpAt = Date.now() + 3_000;
  for (;;) {
    try {
      return await broker({ binds });
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await sleep(50);
    }
  }
}

describe('IPC broker', () => {
  it('routes a request to a worker', async () => {
    const running = await broker();
    await worker(running, 'a');
    const reply = await client(running).request('echo', { n: 1 }, { deadlineMs: 2_000 });
    expect(reply).toEqual({ worker: 'a', body: { n: 1 }, guildId: null });
  });

  it('spreads requests over workers', async () => {
    const running = await broker();
    await worker(running, 'a');
    await worker(running, 'b');
    const ipc = client(running);
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => ipc.request<{ worker: string }>('echo', null, { deadlineMs: 2_000 })),
    );
    expect(new Set(replies.map((reply) => reply.worker))).toEqual(new Set(['a', 'b']));
  });

  it('routes a guild to its shard', async () => {
    const running = await broker();
    await worker(running, 'shard0', { shardIds: [0], shardCount: 2 });
    await worker(running, 'shard1', { shardIds: [1], shardCount: 2 });
    const ipc = client(running);
    // A snowflake above 2^53 whose (id >> 22) is odd, so shard 1 of 2.
    const guildId = ((1n << 60n) + (1n << 22n)).toString();
    for (let i = 0; i < 4; i += 1) {
      const reply = await ipc.request<{ worker: string; guildId: string }>('echo', null, {
        deadlineMs: 2_000,
        guildId,
      });
      expect(reply).toEqual({ worker: 'shard1', body: null, guildId });
    }
  });

  it('rejects an unknown service', async () => {
    const running = await broker();
    const error = await rejectionOf(client(running).request('nothing.here', null, { deadlineMs: 2_000 }));
    expect(error.code).toBe(IpcErrorCodes.UnknownService);
  });

  it('rejects when no worker is live', async () => {
    const running = await broker();
    const gone = await worker(running, 'a');
    await gone.close();
    await waitFor(() => running.workerCount === 0, 3_000, 'the worker to disconnect');
    const error = await rejectionOf(client(running).request('echo', null, { deadlineMs: 2_000 }));
    expect(error.code).toBe(IpcErrorCodes.NoWorker);
  });

  it('fails requests of a dead worker', async () => {
    const running = await broker();
    const dead = await silentWorker(running);
    const pending = client(running).request('echo', null, { deadlineMs: 5_000 });
    await waitFor(() => dead.received.some((frames) => frames[0]?.[1] === MessageType.WorkerRequest));
    dead.socket.close();
    const started = Date.now();
    const error = await rejectionOf(pending);
    expect(error.code).toBe(IpcErrorCodes.WorkerLost);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('recovers after a broker restart', async () => {
    const first = await startTestBroker();
    const endpoints = first.endpoints;
    const ipc = connectTestClient(first);
    cleanups.push(() => ipc.close());
    const survivor = createTestWorker(first);
    survivor.serve('echo', () => 'pong');
    survivor.start();
    cleanups.push(() => survivor.close());
    await waitFor(() => first.workerCount === 1);
    expect(await ipc.request('echo', null, { deadlineMs: 2_000 })).toBe('pong');

    await first.close();
    const second = await startWhenPortsFree(endpoints);
    await waitFor(() => second.workerCount === 1, 5_000, 'the worker to register again');
    await waitFor(() => ipc.brokerAlive, 5_000, 'the client to see the broker');
    expect(await ipc.request('echo', null, { deadlineMs: 2_000 })).toBe('pong');
  });

  it('ends a slow request at its deadline', async () => {
    const running = await broker();
    const slow = createTestWorker(running);
    slow.serve('slow', () => sleep(1_000).then(() => 'late'));
    slow.start();
    cleanups.push(() => slow.close());
    await waitFor(() => running.workerCount === 1);
    const started = Date.now();
    const error = await rejectionOf(client(running).request('slow', null, { deadlineMs: 150 }));
    expect(error.code).toBe(IpcErrorCodes.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('times out with no broker', async () => {
    const ipc = client({ endpoints: { client: 'tcp://127.0.0.1:1' } } as Broker);
    const started = Date.now();
    const error = await rejectionOf(ipc.request('echo', null, { deadlineMs: 200 }));
    expect(error.code).toBe(IpcErrorCodes.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('fails fast once the broker is silent', async () => {
    const ipc = client({ endpoints: { client: 'tcp://127.0.0.1:1' } } as Broker);
    await waitFor(() => !ipc.brokerAlive, 2_000, 'the broker to count as unavailable');
    const error = await rejectionOf(ipc.request('echo', null, { deadlineMs: 2_000 }));
    expect(error.code).toBe(IpcErrorCodes.BrokerUnavailable);
  });

  it('rejects when the queue is full', async () => {
    const running = await broker({ tuning: { maxQueuePerService: 2 } });
    const busy = createTestWorker(running, { tuning: { maxInFlight: 1 } });
    busy.serve('slow', () => sleep(300).then(() => 'done'));
    busy.start();
    cleanups.push(() => busy.close());
    await waitFor(() => running.workerCount === 1);

    const ipc = client(running);
    const accepted = [1, 2, 3].map(() => ipc.request('slow', null, { deadlineMs: 5_000 }));
    const error = await rejectionOf(ipc.request('slow', null, { deadlineMs: 5_000 }));
    expect(error.code).toBe(IpcErrorCodes.QueueFull);
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done']);
  });

  it('survives a malformed frame', async () => {
    const running = await broker();
    await worker(running, 'a');
    const raw = new zmq.Dealer({ linger: 0 });
    raw.connect(running.endpoints.client);
    cleanups.push(() => raw.close());
    await raw.send([Buffer.from('garbage'), Buffer.from([0xff])]);
    await raw.send([encodeHeader(MessageType.Request), Buffer.from('only two frames')]);

    const malformedCount = async (): Promise<number> =>
      (await running.metrics.droppedFrames.get()).values.find((v) => v.labels.reason === 'malformed')
        ?.value ?? 0;
    await waitFor(async () => (await malformedCount()) >= 2, 3_000, 'two dropped frames');
    expect(await malformedCount()).toBe(2);
    expect(await client(running).request('echo', 'still here', { deadlineMs: 2_000 })).toMatchObject({
      body: 'still here',
    });
  });

  it('passes a handler error code through', async () => {
    const running = await broker();
    const failing = createTestWorker(running);
    failing.serve('lookup', () => {
      throw Object.assign(new Error('Guild 1 not found.'), { code: IpcErrorCodes.NotFound });
    });
    failing.serve('crash', () => {
      throw new Error('secret internals');
    });
    failing.start();
    cleanups.push(() => failing.close());
    await waitFor(() => running.workerCount === 1);

    const ipc = client(running);
    expect((await rejectionOf(ipc.request('lookup', null))).code).toBe(IpcErrorCodes.NotFound);
    const crash = await rejectionOf(ipc.request('crash', null));
    expect(crash.code).toBe(IpcErrorCodes.HandlerFailed);
    expect(crash.message).not.toContain('secret internals');
  });

  it('retries an idempotent request', async () => {
    const running = await broker();
    const gone = await worker(running, 'a');
    await gone.close();
    await waitFor(() => running.workerCount === 0);

    const ipc = client(running, { retryBackoffMs: 300 });
    const pending = ipc.request('echo', 'again', { deadlineMs: 3_000, idempotent: true });
    await sleep(50);
    await worker(running, 'b');
    expect(await pending).toMatchObject({ worker: 'b', body: 'again' });
  });

  it('counts requests by outcome', async () => {
    const running = await broker();
    await worker(running, 'a');
    const ipc = client(running);
    await ipc.request('echo', null);
    await rejectionOf(ipc.request('missing', null));
    const values = (await running.metrics.requests.get()).values.map((v) => [
      v.labels.service,
      v.labels.outcome,
      v.value,
    ]);
    expect(values).toEqual(
      expect.arrayContaining([
        ['echo', 'ok', 1],
        ['missing', IpcErrorCodes.UnknownService, 1],
      ]),
    );
  });

  it('keeps a raw body frame intact', () => {
    expect(encodeJsonBody(undefined).toString()).toBe('null');
  });
});
