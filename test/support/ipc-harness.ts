import { setTimeout as sleep } from 'node:timers/promises';

import { startBroker, type Broker, type BrokerBinds, type BrokerTuning } from '../../services/ipc/broker';
import { createIpcClient, type IpcClient, type IpcClientTuning } from '../../services/ipc/client';
import type { CurveClientKeys, CurveServerKeys } from '../../services/ipc/curve';
import { createIpcWorker, type IpcWorker, type IpcWorkerTuning } from '../../services/ipc/worker';
import { createSilentLogger } from '../../services/logging/logger';

export const logger = createSilentLogger();

/** Every socket picks a free port on loopback. */
export const AnyLoopbackBinds: BrokerBinds = {
  client: 'tcp://127.0.0.1:*',
  worker: 'tcp://127.0.0.1:*',
  eventsIn: 'tcp://127.0.0.1:*',
  eventsOut: 'tcp://127.0.0.1:*',
};

/** Short heartbeats, so that dead peers are found within a test's time. */
export const FastBrokerTuning: Partial<BrokerTuning> = {
  heartbeatIntervalMs: 50,
  workerExpiryMs: 300,
  sweepIntervalMs: 20,
};
export const FastClientTuning: Partial<IpcClientTuning> = { heartbeatIntervalMs: 50, brokerExpiryMs: 300 };
export const FastWorkerTuning: Partial<IpcWorkerTuning> = {
  heartbeatIntervalMs: 50,
  brokerExpiryMs: 300,
  closeGraceMs: 200,
};

/** Start a broker on free loopback ports with fast heartbeats. */
export function startTestBroker(
  options: { binds?: BrokerBinds; curve?: CurveServerKeys; tuning?: Partial<BrokerTuning> } = {},
): Promise<Broker> {
  return startBroker(
    {
      binds: options.binds ?? AnyLoopbackBinds,
      curve: options.curve,
      tuning: { ...FastBrokerTuning, ...options.tuning },
    },
    logger,
  );
}

export function connectTestClient(
  broker: Broker,
  curve?: CurveClientKeys,
  tuning?: Partial<IpcClientTuning>,
): IpcClient {
  return createIpcClient(
    { endpoint: broker.endpoints.client, curve, tuning: { ...FastClientTuning, ...tuning } },
    logger,
  );
}

export function createTestWorker(
  broker: Broker,
  options: {
    shardIds?: number[];
    shardCount?: number;
    curve?: CurveClientKeys;
    tuning?: Partial<IpcWorkerTuning>;
  } = {},
): IpcWorker {
  return createIpcWorker(
    {
      endpoint: broker.endpoints.worker,
      shardIds: options.shardIds ?? [0],
      shardCount: options.shardCount ?? 1,
      curve: options.curve,
      tuning: { ...FastWorkerTuning, ...options.tuning },
    },
    logger,
  );
}

/** Poll until a condition holds, or fail after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
  label = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}.`);
    await sleep(10);
  }
}

/** Return the error a promise rejects with, or fail when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}
