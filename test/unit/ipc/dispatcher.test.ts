import { describe, expect, it } from 'vitest';

import { Dispatcher, type PendingRequest } from '../../../services/ipc/dispatcher';
import { IpcErrorCodes } from '../../../services/ipc/errors';

const now = 1_000_000;

function makeRequest(overrides: Partial<PendingRequest> = {}): PendingRequest {
  return {
    clientIdentity: Buffer.from('client'),
    requestId: 'r1',
    service: 'bot.status',
    deadline: now + 1_000,
    guildId: undefined,
    body: Buffer.from('null'),
    receivedAt: now,
    ...overrides,
  };
}

function makeDispatcher(): Dispatcher {
  return new Dispatcher({ maxQueuePerService: 2, workerExpiryMs: 100 });
}

const registration = { services: ['bot.status'], shardIds: [0], shardCount: 1, maxInFlight: 1 };

describe('Dispatcher', () => {
  it('fails an unknown service', () => {
    const result = makeDispatcher().submit(makeRequest(), now);
    expect(result).toMatchObject({ code: IpcErrorCodes.UnknownService });
  });

  it('fails an expired request', () => {
    const result = makeDispatcher().submit(makeRequest({ deadline: now }), now);
    expect(result).toMatchObject({ code: IpcErrorCodes.DeadlineExceeded });
  });

  it('alternates between idle workers', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), { ...registration, maxInFlight: 5 }, now);
    dispatcher.register(Buffer.from('b'), { ...registration, maxInFlight: 5 }, now);
    const first = dispatcher.submit(makeRequest(), now);
    const second = dispatcher.submit(makeRequest(), now);
    expect([first, second].map((d) => (d as { workerIdentity: Buffer }).workerIdentity.toString())).toEqual([
      'a',
      'b',
    ]);
  });

  it('queues past capacity, then fails when full', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), registration, now);
    dispatcher.submit(makeRequest(), now);
    expect(dispatcher.submit(makeRequest(), now)).toBe('queued');
    expect(dispatcher.submit(makeRequest(), now)).toBe('queued');
    expect(dispatcher.submit(makeRequest(), now)).toMatchObject({ code: IpcErrorCodes.QueueFull });
  });

  it('dispatches queued work on completion', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), registration, now);
    const first = dispatcher.submit(makeRequest({ requestId: 'r1' }), now) as { ticket: string };
    dispatcher.submit(makeRequest({ requestId: 'r2' }), now);
    const { dispatches } = dispatcher.complete(Buffer.from('a'), first.ticket);
    expect(dispatches.map((d) => d.request.requestId)).toEqual(['r2']);
  });

  it('routes a guild to its shard owner', () => {
    const dispatcher = makeDispatcher();
    const shard = { services: ['guild.info'], shardCount: 2, maxInFlight: 5 };
    dispatcher.register(Buffer.from('zero'), { ...shard, shardIds: [0] }, now);
    dispatcher.register(Buffer.from('one'), { ...shard, shardIds: [1] }, now);
    // (1 << 22) >> 22 = 1, so shard 1 of 2.
    const result = dispatcher.submit(makeRequest({ service: 'guild.info', guildId: String(1 << 22) }), now);
    expect((result as { workerIdentity: Buffer }).workerIdentity.toString()).toBe('one');
  });

  it('fails a guild with no shard owner', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(
      Buffer.from('zero'),
      { services: ['guild.info'], shardIds: [0], shardCount: 2, maxInFlight: 5 },
      now,
    );
    const result = dispatcher.submit(makeRequest({ service: 'guild.info', guildId: String(1 << 22) }), now);
    expect(result).toMatchObject({ code: IpcErrorCodes.NoWorker });
  });

  it('fails in-flight work of a dead worker', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), registration, now);
    dispatcher.submit(makeRequest({ requestId: 'r1' }), now);
    dispatcher.submit(makeRequest({ requestId: 'r2' }), now);
    const { failures } = dispatcher.reapDeadWorkers(now + 101);
    expect(failures.map((f) => [f.request.requestId, f.code])).toEqual([
      ['r1', IpcErrorCodes.WorkerLost],
      ['r2', IpcErrorCodes.NoWorker],
    ]);
  });

  it('expires queued and in-flight work', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), registration, now);
    dispatcher.submit(makeRequest({ requestId: 'r1' }), now);
    dispatcher.submit(makeRequest({ requestId: 'r2' }), now);
    const failures = dispatcher.expire(now + 1_000);
    expect(failures.map((f) => f.code)).toEqual([
      IpcErrorCodes.DeadlineExceeded,
      IpcErrorCodes.DeadlineExceeded,
    ]);
  });

  it('ignores a reply from another worker', () => {
    const dispatcher = makeDispatcher();
    dispatcher.register(Buffer.from('a'), registration, now);
    const dispatch = dispatcher.submit(makeRequest(), now) as { ticket: string };
    expect(dispatcher.complete(Buffer.from('b'), dispatch.ticket).request).toBeUndefined();
  });
});
