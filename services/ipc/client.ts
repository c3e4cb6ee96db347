import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import * as zmq from 'zeromq';

import type { Logger } from '../logging/logger';
import { applyCurveClient, type CurveClientKeys } from './curve';
import { IpcError, IpcErrorCodes, RetryableCodes } from './errors';
import {
  decodeBrokerToClient,
  decodeJsonBody,
  encodeHeader,
  encodeJsonBody,
  encodeRequest,
  isValidName,
  isValidSnowflake,
  MessageType,
} from './protocol';
import { SerialSender } from './serial-sender';

/** Timing and size limits of a client. */
export interface IpcClientTuning {
  /** Interval of client-to-broker pings. */
  heartbeatIntervalMs: number;
  /** With no message from the broker for this long, requests fail at once with BROKER_UNAVAILABLE. */
  brokerExpiryMs: number;
  /** Maximum requests awaiting a reply at once. */
  maxInFlight: number;
  /** Maximum messages queued for sending. */
  maxSendQueue: number;
  /** High-water mark of the socket, in messages. */
  highWaterMark: number;
  /** Maximum attempts of an idempotent request, the first included. */
  maxAttempts: number;
  /** Wait before retry n is n times this. */
  retryBackoffMs: number;
  /** Deadline of a request that sets none. */
  defaultDeadlineMs: number;
}

export const DefaultIpcClientTuning = {
  heartbeatIntervalMs: 1_000,
  brokerExpiryMs: 3_000,
  maxInFlight: 10_000,
  maxSendQueue: 10_000,
  highWaterMark: 10_000,
  maxAttempts: 3,
  retryBackoffMs: 50,
  defaultDeadlineMs: 5_000,
} as const satisfies Required<IpcClientTuning>;

/** Options of {@link createIpcClient}. */
export interface IpcClientOptions {
  /** The broker's client endpoint, such as tcp://127.0.0.1:5555. */
  endpoint: string;
  curve?: CurveClientKeys | undefined;
  tuning?: Partial<IpcClientTuning>;
}

/** Options of one request. */
export interface RequestOptions {
  /** Time budget from now, in ms. The request fails with DEADLINE_EXCEEDED when it runs out. */
  deadlineMs?: number;
  /** Guild snowflake: the request goes to the worker that owns the guild's shard. */
  guildId?: string | undefined;
  /** Whether the request may run twice. Only idempotent requests are retried, within the deadline. */
  idempotent?: boolean;
}

/** The request side of the IPC, used by the web backend. */
export interface IpcClient {
  /**
   * Send a request to a service and return the JSON reply body.
   *
   * @throws IpcError with the broker's or handler's code: `KUMIKO_IPC_DEADLINE_EXCEEDED`,
   *   `KUMIKO_IPC_BROKER_UNAVAILABLE`, `KUMIKO_IPC_UNKNOWN_SERVICE`, `KUMIKO_IPC_NO_WORKER`,
   *   `KUMIKO_IPC_QUEUE_FULL`, `KUMIKO_IPC_WORKER_LOST`, `KUMIKO_IPC_BAD_REQUEST` (invalid arguments) and others.
   */
  request<T = unknown>(service: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** False when the broker has been silent for longer than `brokerExpiryMs`. */
  readonly brokerAlive: boolean;
  /** Fail pending requests with `KUMIKO_IPC_CLOSED` and close the socket. */
  close(): void;
}

interface PendingReply {
  resolve: (value: unknown) => void;
  reject: (error: IpcError) => void;
  timer: NodeJS.Timeout;
}

/** Connect a client to the broker. The connection is made in the background and re-made after a broker restart. */
export function createIpcClient(options: IpcClientOptions, logger: Logger): IpcClient {
  return new DealerClient(options, logger.child({ module: 'ipc-client' }));
}

class DealerClient implements IpcClient {
  private readonly tuning: IpcClientTuning;
  private readonly socket: zmq.Dealer;
  private readonly sender: SerialSender;
  private readonly pending = new Map<string, PendingReply>();
  private readonly idPrefix = randomBytes(6).toString('hex');
  private readonly heartbeatTimer: NodeJS.Timeout;
  private requestCounter = 0;
  private lastBrokerMessageAt = Date.now();
  private wasAlive = true;
  private closed = false;

  constructor(
    private readonly options: IpcClientOptions,
    private readonly log: Logger,
  ) {
    this.tuning = { ...DefaultIpcClientTuning, ...options.tuning };
    // sendTimeout 0: a full high-water mark fails the send at once instead of blocking the queue behind it.
    this.socket = new zmq.Dealer({
      linger: 0,
      sendTimeout: 0,
      sendHighWaterMark: this.tuning.highWaterMark,
      receiveHighWaterMark: this.tuning.highWaterMark,
    });
    applyCurveClient(this.socket, options.curve);
    this.socket.connect(options.endpoint);
    this.sender = new SerialSender(this.socket, this.tuning.maxSendQueue);

    void this.readLoop();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.tuning.heartbeatIntervalMs);
    this.log.info({ endpoint: options.endpoint, curve: Boolean(options.curve) }, 'IPC client connecting');
  }

  get brokerAlive(): boolean {
    return Date.now() - this.lastBrokerMessageAt <= this.tuning.brokerExpiryMs;
  }

  async request<T>(service: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    validateArguments(service, options);
    const deadline = Date.now() + (options.deadlineMs ?? this.tuning.defaultDeadlineMs);
    const bodyFrame = encodeJsonBody(body);

    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await this.attempt(service, bodyFrame, deadline, options.guildId)) as T;
      } catch (error) {
        const waitMs = this.tuning.retryBackoffMs * attempt;
        const retryable =
          options.idempotent === true &&
          attempt < this.tuning.maxAttempts &&
          error instanceof IpcError &&
          RetryableCodes.has(error.code) &&
          Date.now() + waitMs < deadline;
        if (!retryable) throw error;

        this.log.debug({ service, attempt, code: error.code, waitMs }, 'retrying an idempotent request');
        await sleep(waitMs);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    this.rejectAll(new IpcError(IpcErrorCodes.Closed, 'The IPC client was closed before the reply arrived.'));
    this.socket.close();
    this.log.info({ endpoint: this.options.endpoint }, 'IPC client closed');
  }

  private attempt(
    service: string,
    body: Buffer,
    deadline: number,
    guildId: string | undefined,
  ): Promise<unknown> {
    const refusal = this.checkCanSend(service);
    if (refusal) return Promise.reject(refusal);

    this.requestCounter += 1;
    const requestId = `${this.idPrefix}-${this.requestCounter.toString(36)}`;
    return new Promise((resolve, reject) => {
      // The client-side timer rejects the request at its deadline, whatever the broker does.
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(
          new IpcError(
            IpcErrorCodes.DeadlineExceeded,
            `Request ${requestId} to ${service} got no reply before its deadline.`,
          ),
        );
      }, deadline - Date.now());
      this.pending.set(requestId, { resolve, reject, timer });

      const frames = encodeRequest({ requestId, service, deadline, guildId, body });
      this.sender.send(frames).catch((error: IpcError) => this.settle(requestId, undefined, error));
    });
  }

  private checkCanSend(service: string): IpcError | undefined {
    if (this.closed)
      return new IpcError(IpcErrorCodes.Closed, `The IPC client is closed; ${service} was not sent.`);
    if (!this.brokerAlive) {
      return new IpcError(
        IpcErrorCodes.BrokerUnavailable,
        `The IPC broker at ${this.options.endpoint} has sent nothing for over ${this.tuning.brokerExpiryMs} ms; ` +
          `${service} was not sent. Check that the broker is running.`,
      );
    }
    if (this.pending.size >= this.tuning.maxInFlight) {
      return new IpcError(
        IpcErrorCodes.SendFailed,
        `${this.tuning.maxInFlight} requests are already awaiting replies; ${service} was not sent.`,
      );
    }
    return undefined;
  }

  private settle(requestId: string, value: unknown, error?: IpcError): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;

    this.pending.delete(requestId);
    clearTimeout(entry.timer);
    if (error) entry.reject(error);
    else entry.resolve(value);
  }

  private async readLoop(): Promise<void> {
    try {
      for await (const frames of this.socket) this.onMessage(frames);
    } catch (error) {
      if (!this.closed) this.log.error({ err: error }, 'IPC client reader stopped');
    }
  }

  private onMessage(frames: Buffer[]): void {
    let message;
    try {
      message = decodeBrokerToClient(frames);
    } catch (error) {
      this.log.warn({ err: error }, 'dropped a malformed message from the broker');
      return;
    }

    this.markBrokerAlive();
    if (message.type === MessageType.Pong) return;
    if (message.type === MessageType.Error) {
      this.settle(message.requestId, undefined, new IpcError(message.code, message.message));
      return;
    }

    try {
      this.settle(message.requestId, decodeJsonBody(message.body));
    } catch (error) {
      this.settle(message.requestId, undefined, error as IpcError);
    }
  }

  private heartbeat(): void {
    this.sender.send([encodeHeader(MessageType.Ping)]).catch(() => {
      // A full queue while the broker is away is expected; the liveness check below reports it.
    });

    const alive = this.brokerAlive;
    if (this.wasAlive && !alive) {
      this.log.warn({ endpoint: this.options.endpoint }, 'IPC broker unreachable; failing pending requests');
      this.rejectAll(
        new IpcError(
          IpcErrorCodes.BrokerUnavailable,
          'The IPC broker stopped responding before the reply arrived.',
        ),
      );
    }
    this.wasAlive = alive;
  }

  private markBrokerAlive(): void {
    this.lastBrokerMessageAt = Date.now();
    if (!this.wasAlive) this.log.info({ endpoint: this.options.endpoint }, 'IPC broker reachable again');
    this.wasAlive = true;
  }

  private rejectAll(error: IpcError): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, undefined, error);
  }
}

function validateArguments(service: string, options: RequestOptions): void {
  if (!isValidName(service)) {
    throw new IpcError(
      IpcErrorCodes.BadRequest,
      `Invalid service name "${service}": use lower-case letters, digits, ".", "_" or "-".`,
    );
  }
  if (options.guildId !== undefined && !isValidSnowflake(options.guildId)) {
    throw new IpcError(
      IpcErrorCodes.BadRequest,
      `Invalid guild id "${options.guildId}": expected a snowflake string.`,
    );
  }
  if (options.deadlineMs !== undefined && !(options.deadlineMs > 0 && Number.isFinite(options.deadlineMs))) {
    throw new IpcError(
      IpcErrorCodes.BadRequest,
      `Invalid deadlineMs ${options.deadlineMs}: expected a positive number of ms.`,
    );
  }
}
