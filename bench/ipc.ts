import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import * as zmq from 'zeromq';

import { createIpcClient } from '../services/ipc/client';
import {
  decodeClientToBroker,
  decodeJsonBody,
  encodeHeader,
  encodeJsonBody,
  encodeReply,
  MessageType,
} from '../services/ipc/protocol';
import { SerialSender } from '../services/ipc/serial-sender';
import { createIpcWorker } from '../services/ipc/worker';
import { createLogger, createSilentLogger } from '../services/logging/logger';
import { findFreePort } from '../test/support/free-port';

// Round-trip latency and throughput of a small JSON echo request, one at a time and 64 in flight, on three
// paths, each server in its own process:
//   raw:    a bare DEALER -> ROUTER echo with no IPC library, the floor of what ZeroMQ costs here;
//   direct: the IPC client -> a ROUTER that speaks the client protocol and runs the handler (no broker);
//   broker: the IPC client -> the broker -> an IPC worker.
// The broker hop is the difference between direct and broker, because both use the same client code.
// Usage: npm run bench:ipc [-- --rounds 5 --seconds 2]

const Concurrencies = [1, 64] as const;
const Payload = { listingId: '00000000-0000-4000-8000-000000000001', userId: '900719925474099300' };
const Repository = path.resolve(__dirname, '..');
const Tsx = path.join(Repository, 'node_modules', '.bin', 'tsx');

interface RoundResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

type Send = () => Promise<unknown>;

async function main(): Promise<void> {
  const role = readOption('--role');
  if (role === 'raw-server') return runRawServer(readOption('--endpoint')!);
  if (role === 'direct-server') return runDirectServer(readOption('--endpoint')!);
  if (role === 'worker') return runWorker(readOption('--endpoint')!);

  const rounds = Number(readOption('--rounds') ?? 5);
  const seconds = Number(readOption('--seconds') ?? 2);
  const children: ChildProcess[] = [];
  try {
    const results = await runBenchmarks(children, rounds, seconds);
    printReport(results, rounds, seconds);
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

async function runBenchmarks(
  children: ChildProcess[],
  rounds: number,
  seconds: number,
): Promise<Map<string, RoundResult>> {
  const ports = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => findFreePort()));
  const endpoint = (port: number | undefined): string => `tcp://127.0.0.1:${port}`;

  children.push(spawnTsx(['bench/ipc.ts', '--role', 'raw-server', '--endpoint', endpoint(ports[0])], {}));
  children.push(spawnTsx(['bench/ipc.ts', '--role', 'direct-server', '--endpoint', endpoint(ports[6])], {}));
  children.push(
    spawnTsx(['services/ipc/main.ts'], {
      IPC_CLIENT_BIND: endpoint(ports[1]),
      IPC_WORKER_BIND: endpoint(ports[2]),
      IPC_EVENTS_IN_BIND: endpoint(ports[3]),
      IPC_EVENTS_OUT_BIND: endpoint(ports[4]),
      HEALTH_PORT: String(ports[5]),
      LOG_LEVEL: 'warn',
    }),
  );
  children.push(spawnTsx(['bench/ipc.ts', '--role', 'worker', '--endpoint', endpoint(ports[2])], {}));

  const raw = createRawClient(endpoint(ports[0]));
  const direct = createIpcClient({ endpoint: endpoint(ports[6]) }, createSilentLogger());
  const brokered = createIpcClient({ endpoint: endpoint(ports[1]) }, createSilentLogger());
  const paths = [
    ['raw', () => raw.request(Payload)],
    ['direct', () => direct.request('bench.echo', Payload, { deadlineMs: 10_000 })],
    ['broker', () => brokered.request('bench.echo', Payload, { deadlineMs: 10_000 })],
  ] as const;
  try {
    for (const [, send] of paths) await waitUntilAnswering(send);

    const results = new Map<string, RoundResult>();
    for (const concurrency of Concurrencies) {
      for (const [mode, send] of paths) {
        const perRound: RoundResult[] = [];
        await measure(send, concurrency, 0.5); // Warm-up: JIT and socket buffers.
        for (let round = 0; round < rounds; round += 1)
          perRound.push(await measure(send, concurrency, seconds));
        results.set(`${mode}/${concurrency}`, medianOf(perRound));
      }
    }
    return results;
  } finally {
    raw.close();
    direct.close();
    brokered.close();
  }
}

async function measure(send: Send, concurrency: number, seconds: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const endAt = performance.now() + seconds * 1_000;

  const loop = async (): Promise<void> => {
    while (performance.now() < endAt) {
      const started = performance.now();
      await send();
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedSeconds = (performance.now() - started) / 1_000;

  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsedSeconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

function medianOf(results: RoundResult[]): RoundResult {
  const median = (values: number[]): number =>
    percentile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  return {
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
  };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function printReport(results: Map<string, RoundResult>, rounds: number, seconds: number): void {
  const lines = [
    `IPC round trip, median of ${rounds} rounds of ${seconds} s each`,
    '| path | in flight | requests/s | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const concurrency of Concurrencies) {
    for (const mode of ['raw', 'direct', 'broker']) {
      const result = results.get(`${mode}/${concurrency}`)!;
      lines.push(
        `| ${mode} | ${concurrency} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(3)} | ${result.p99Ms.toFixed(3)} |`,
      );
    }
  }
  for (const concurrency of Concurrencies) {
    const ratio =
      results.get(`broker/${concurrency}`)!.requestsPerSecond /
      results.get(`direct/${concurrency}`)!.requestsPerSecond;
    lines.push(
      `broker/direct throughput at ${concurrency} in flight: ${(ratio * 100).toFixed(1)}% ` +
        `(target >= 70%: ${ratio >= 0.7 ? 'met' : 'MISSED'})`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

// -- the direct path ------------------------------------------------------------------------------------

/** Create a bare DEALER client with one send at a time, over [id, body] frames. */
function createRawClient(endpoint: string): { request(body: unknown): Promise<unknown>; close(): void } {
  const socket = new zmq.Dealer({ linger: 0 });
  socket.connect(endpoint);
  const pending = new Map<string, (value: unknown) => void>();
  let counter = 0;
  let tail: Promise<void> = Promise.resolve();

  void (async () => {
    try {
      for await (const [id, body] of socket) {
        const resolve = pending.get(id!.toString());
        pending.delete(id!.toString());
        resolve?.(JSON.parse(body!.toString()));
      }
    } catch {
      // The socket was closed at the end of the run.
    }
  })();

  return {
    request(body) {
      counter += 1;
      const id = String(counter);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        tail = tail.then(() => socket.send([id, JSON.stringify(body)])).catch(() => {});
      });
    },
    close: () => socket.close(),
  };
}

async function runRawServer(endpoint: string): Promise<void> {
  const socket = new zmq.Router({ linger: 0 });
  await socket.bind(endpoint);
  process.once('SIGTERM', () => socket.close());
  try {
    for await (const [identity, id, body] of socket) {
      // Parse and re-encode, as a worker does, so both paths do the same JSON work at the far end.
      const value: unknown = JSON.parse(body!.toString());
      await socket.send([identity!, id!, JSON.stringify(value)]);
    }
  } catch {
    // Closed by SIGTERM.
  }
}

/** Serve the client protocol from a ROUTER itself, which is what a client would get with no broker in between. */
async function runDirectServer(endpoint: string): Promise<void> {
  const socket = new zmq.Router({ linger: 0, sendTimeout: 0 });
  await socket.bind(endpoint);
  const sender = new SerialSender(socket, 10_000);
  process.once('SIGTERM', () => socket.close());
  try {
    for await (const [identity, ...frames] of socket) {
      const message = decodeClientToBroker(frames);
      if (message.type === MessageType.Ping) {
        void sender.send([identity!, encodeHeader(MessageType.Pong)]).catch(() => {});
        continue;
      }
      const body = decodeJsonBody(message.body);
      void sender.send([identity!, ...encodeReply(message.requestId, encodeJsonBody(body))]).catch(() => {});
    }
  } catch {
    // Closed by SIGTERM.
  }
}

async function runWorker(endpoint: string): Promise<void> {
  const worker = createIpcWorker(
    { endpoint, shardIds: [0], shardCount: 1, tuning: { maxInFlight: 256 } },
    createLogger({ name: 'bench-worker', level: 'warn' }),
  );
  worker.serve('bench.echo', (body) => body).start();
  process.once('SIGTERM', () => void worker.close());
  await new Promise(() => {});
}

// -- helpers --------------------------------------------------------------------------------------------

function spawnTsx(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(Tsx, args, {
    cwd: Repository,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilAnswering(send: Send): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const answered = await Promise.race([
      send().then(
        () => true,
        () => false,
      ),
      sleep(200).then(() => false),
    ]);
    if (answered) return;
    await sleep(100);
  }
  throw new Error('The benchmark servers did not respond within 30 s.');
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ipc failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
