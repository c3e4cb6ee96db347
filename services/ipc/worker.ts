import * as zmq from 'zeromq';

import type { Logger } from '../logging/logger';
import { applyCurveClient, type CurveClientKeys } from './curve';
import { IpcError, IpcErrorCodes } from './errors';
import {
  decodeBrokerToWorker,
  decodeJsonBody,
  encodeHeader,
  encodeJsonBody,
  encodeReady,
  encodeWorkerError,
  encodeWorkerReply,
  isValidName,
  MessageType,
  type WorkerRequestMessage,
} from './protocol';
import { SerialSender } from './serial-sender';

/** Context passed to a handler along with the request body. */
export interface ServiceContext {
  guildId: string | undefined;
  /** Absolute deadline, ms since the Unix epoch. */
  deadline: number;
  /** Aborted when the deadline passes, for handlers that call out and can stop early. */
  signal: AbortSignal;
}

/**
 * Handle one request and return the JSON-serialisable reply body. An error thrown with a string `code` in
 * UPPER_SNAKE_CASE reaches the client with that code and its message; any other error becomes
 * `KUMIKO_IPC_HANDLER_FAILED` with a generic message, and is logged here.
 */
export type ServiceHandler = (body: unknown, context: ServiceContext) => unknown;

/** Timing and size limits of a worker. */
export interface IpcWorkerTuning {
  heartbeatIntervalMs: number;
  /** With no message from the broker for this long, the worker logs it and registers again when it returns. */
  brokerExpiryMs: number;
  /** Maximum requests the broker may hand this worker at once. */
  maxInFlight: number;
  maxSendQueue: number;
  highWaterMark: number;
  /** How long `close()` waits for running handlers. */
  closeGraceMs: number;
}

export const DefaultIpcWorkerTuning = {
  heartbeatIntervalMs: 1_000,
  brokerExpiryMs: 3_000,
  maxInFlight: 64,
  maxSendQueue: 10_000,
  highWaterMark: 10_000,
  closeGraceMs: 2_000,
} as const satisfies Required<IpcWorkerTuning>;

/** Options of {@link createIpcWorker}. */
export interface IpcWorkerOptions {
  /** The broker's worker endpoint, such as tcp://127.0.0.1:5556. */
  endpoint: string;
  curve?: CurveClientKeys | undefined;
  /** Discord shards this process runs. Guild-scoped requests for other shards never reach it. */
  shardIds: readonly number[];
  shardCount: number;
  tuning?: Partial<IpcWorkerTuning>;
}

/** The serving side of the IPC, used by the bot. */
export interface IpcWorker {
  /** Register a handler. Services added after `start()` are announced to the broker at once. */
  serve(service: string, handler: ServiceHandler): this;
  /** Connect and register with the broker. */
  start(): void;
  /** Stop taking requests, wait up to `closeGraceMs` for running ones, say goodbye and close the socket. */
  close(): Promise<void>;
}

/** Create a worker. Nothing connects before `start()`. */
export function createIpcWorker(options: IpcWorkerOptions, logger: Logger): IpcWorker {
  return new DealerWorker(options, logger.child({ module: 'ipc-worker' }));
}

class DealerWorker implements IpcWorker {
  private readonly tuning: IpcWorkerTuning;
  private readonly handlers = new Map<string, ServiceHandler>();
  private readonly running = new Set<Promise<void>>();
  private socket: zmq.Dealer | undefined;
  private sender: SerialSender | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private lastBrokerMessageAt = 0;
  private brokerLost = false;
  private closing = false;

  constructor(
    private readonly options: IpcWorkerOptions,
    private readonly log: Logger,
  ) {
    this.tuning = { ...DefaultIpcWorkerTuning, ...options.tuning };
  }

  serve(service: string, handler: ServiceHandler): this {
    if (!isValidName(service)) {
      throw new IpcError(
        IpcErrorCodes.BadRequest,
        `Invalid service name "${service}": use lower-case letters, digits, ".", "_" or "-".`,
      );
    }
    this.handlers.set(service, handler);
    if (this.socket) this.register();
    return this;
  }

  start(): void {
    if (this.socket) return;
    const socket = new zmq.Dealer({
      linger: 0,
      sendTimeout: 0,
      sendHighWaterMark: this.tuning.highWaterMark,
      receiveHighWaterMark: this.tuning.highWaterMark,
    });
    applyCurveClient(socket, this.options.curve);
    socket.connect(this.options.endpoint);
    this.socket = socket;
    this.sender = new SerialSender(socket, this.tuning.maxSendQueue);
    this.lastBrokerMessageAt = Date.now();

    this.register();
    void this.readLoop(socket);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.tuning.heartbeatIntervalMs);
    this.log.info(
      {
        endpoint: this.options.endpoint,
        services: [...this.handlers.keys()],
        shardIds: this.options.shardIds,
      },
      'IPC worker started',
    );
  }

  async close(): Promise<void> {
    if (!this.socket || this.closing) return;
    this.closing = true;
    clearInterval(this.heartbeatTimer);

    const grace = new Promise((resolve) => setTimeout(resolve, this.tuning.closeGraceMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), grace]);
    await this.send([encodeHeader(MessageType.Disconnect)]);
    this.socket.close();
    this.log.info({ endpoint: this.options.endpoint }, 'IPC worker stopped');
  }

  private register(): void {
    if (this.handlers.size === 0) return;
    void this.send(
      encodeReady({
        services: [...this.handlers.keys()],
        shardIds: [...this.options.shardIds],
        shardCount: this.options.shardCount,
        maxInFlight: this.tuning.maxInFlight,
      }),
    );
  }

  private send(frames: Buffer[]): Promise<void> {
    if (!this.sender) return Promise.resolve();
    return this.sender.send(frames).catch((error: unknown) => {
      this.log.warn({ err: error }, 'message to the broker dropped');
    });
  }

  private async readLoop(socket: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of socket) this.onMessage(frames);
    } catch (error) {
      if (!socket.closed) this.log.error({ err: error }, 'IPC worker reader stopped');
    }
  }

  private onMessage(frames: Buffer[]): void {
    let message;
    try {
      message = decodeBrokerToWorker(frames);
    } catch (error) {
      this.log.warn({ err: error }, 'dropped a malformed message from the broker');
      return;
    }

    this.markBrokerAlive();
    if (message.type === MessageType.Reregister) {
      this.log.info('broker does not know this worker; registering again');
      this.register();
      return;
    }
    if (message.type === MessageType.WorkerRequest && !this.closing) this.track(this.handle(message));
  }

  private track(task: Promise<void>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  private async handle(request: WorkerRequestMessage): Promise<void> {
    const remainingMs = request.deadline - Date.now();
    if (remainingMs <= 0) return; // The broker has already replied to the client with DEADLINE_EXCEEDED.

    const handler = this.handlers.get(request.service);
    if (!handler) {
      await this.send(
        encodeWorkerError(
          request.ticket,
          IpcErrorCodes.UnknownService,
          `This worker does not serve ${request.service}.`,
        ),
      );
      return;
    }

    try {
      const body = decodeJsonBody(request.body);
      const result: unknown = await handler(body, createContext(request, remainingMs));
      await this.send(encodeWorkerReply(request.ticket, encodeJsonBody(result)));
    } catch (error) {
      await this.send(this.encodeFailure(request, error));
    }
  }

  private encodeFailure(request: WorkerRequestMessage, error: unknown): Buffer[] {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) {
      this.log.info({ service: request.service, code }, 'request rejected by its handler');
      return encodeWorkerError(request.ticket, code, (error as Error).message);
    }

    this.log.error(
      { err: error, service: request.service, ticket: request.ticket },
      'service handler failed',
    );
    return encodeWorkerError(
      request.ticket,
      IpcErrorCodes.HandlerFailed,
      `The ${request.service} handler failed; the worker logged the cause.`,
    );
  }

  private heartbeat(): void {
    void this.send([encodeHeader(MessageType.Heartbeat)]);
    if (this.brokerLost || Date.now() - this.lastBrokerMessageAt <= this.tuning.brokerExpiryMs) return;

    this.brokerLost = true;
    this.log.warn(
      { endpoint: this.options.endpoint },
      'IPC broker silent; will register again when it returns',
    );
  }

  private markBrokerAlive(): void {
    this.lastBrokerMessageAt = Date.now();
    if (!this.brokerLost) return;

    this.brokerLost = false;
    this.log.info({ endpoint: this.options.endpoint }, 'IPC broker reachable again; registering');
    this.register();
  }
}

// The abort signal is made on first use, because a timer per request costs throughput when few handlers read it.
function createContext(request: WorkerRequestMessage, remainingMs: number): ServiceContext {
  let signal: AbortSignal | undefined;
  return {
    guildId: request.guildId,
    deadline: request.deadline,
    get signal() {
      signal ??= AbortSignal.timeout(remainingMs);
      return signal;
    },
  };
}
