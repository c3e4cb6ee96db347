import * as zmq from 'zeromq';

import type { Logger } from '../logging/logger';
import { createBrokerMetrics, type BrokerMetrics } from './broker-metrics';
import { applyCurveServer, type CurveServerKeys } from './curve';
import { Dispatcher, type Dispatch, type Failure, type PendingRequest } from './dispatcher';
import { IpcError, IpcErrorCodes } from './errors';
import { EventProxy } from './event-proxy';
import {
  decodeClientToBroker,
  decodeWorkerToBroker,
  encodeError,
  encodeHeader,
  encodeReply,
  encodeWorkerRequest,
  MessageType,
  type RequestMessage,
} from './protocol';
import { RateLimitedLog } from './rate-limited-log';
import { SerialSender } from './serial-sender';

/** Addresses the broker binds. `tcp://127.0.0.1:*` picks a free port; read it back from `endpoints`. */
export interface BrokerBinds {
  client: string;
  worker: string;
  eventsIn: string;
  eventsOut: string;
}

/** Timing and size limits of the broker. */
export interface BrokerTuning {
  /** Interval of broker-to-worker heartbeats. */
  heartbeatIntervalMs: number;
  /** A worker silent for this long is removed and its in-flight requests fail. */
  workerExpiryMs: number;
  /** Interval of the deadline sweep over queued and in-flight requests. */
  sweepIntervalMs: number;
  /** Maximum requests waiting per service for a free worker. */
  maxQueuePerService: number;
  /** Maximum messages queued per socket for sending. */
  maxSendQueue: number;
  /** High-water mark of each socket, in messages. */
  highWaterMark: number;
  /** Largest accepted message, in bytes, enforced by libzmq before decoding. */
  maxMessageBytes: number;
  /** Interval between two log lines of the same repeated warning. */
  warningIntervalMs: number;
  /** Also export Node.js process metrics (off in tests, where several brokers share a process). */
  defaultMetrics: boolean;
}

export const DefaultBrokerTuning = {
  heartbeatIntervalMs: 1_000,
  workerExpiryMs: 3_000,
  sweepIntervalMs: 50,
  maxQueuePerService: 1_000,
  maxSendQueue: 10_000,
  highWaterMark: 10_000,
  maxMessageBytes: 1_100_000,
  warningIntervalMs: 10_000,
  defaultMetrics: false,
} as const satisfies Required<BrokerTuning>;

/** Options of {@link startBroker}. */
export interface BrokerOptions {
  binds: BrokerBinds;
  /** Server keys. When set, all four sockets require CURVE. */
  curve?: CurveServerKeys | undefined;
  tuning?: Partial<BrokerTuning>;
}

/** A running broker. */
export interface Broker {
  /** The bound endpoints, with the ports actually chosen. */
  readonly endpoints: BrokerBinds;
  readonly metrics: BrokerMetrics;
  /** Number of live workers. */
  readonly workerCount: number;
  /** Fail every pending request with `KUMIKO_IPC_CLOSED`, then close all sockets. */
  close(): Promise<void>;
}

/**
 * Bind the broker's four sockets and start routing: a ROUTER for clients, a ROUTER for workers, and an
 * XSUB/XPUB pair for events.
 *
 * @throws IpcError `KUMIKO_IPC_SOCKET_FAILED` when a bind fails; sockets already bound are closed.
 */
export async function startBroker(options: BrokerOptions, logger: Logger): Promise<Broker> {
  const tuning = { ...DefaultBrokerTuning, ...options.tuning };
  const log = logger.child({ module: 'ipc-broker' });
  const sockets = createSockets(tuning, options.curve);

  try {
    await bindAll(sockets, options.binds);
  } catch (error) {
    closeAll(sockets);
    throw error;
  }

  const broker = new RunningBroker(sockets, tuning, log);
  await broker.start();
  log.info({ endpoints: broker.endpoints, curve: Boolean(options.curve) }, 'IPC broker started');
  return broker;
}

interface BrokerSockets {
  client: zmq.Router;
  worker: zmq.Router;
  eventsIn: zmq.XSubscriber;
  eventsOut: zmq.XPublisher;
}

function createSockets(tuning: BrokerTuning, curve: CurveServerKeys | undefined): BrokerSockets {
  // mandatory makes a send to a departed peer fail with EHOSTUNREACH instead of vanishing, and sendTimeout 0
  // keeps that send from blocking when no peer is connected.
  const routerOptions = {
    linger: 0,
    mandatory: true,
    sendTimeout: 0,
    sendHighWaterMark: tuning.highWaterMark,
    receiveHighWaterMark: tuning.highWaterMark,
    maxMessageSize: tuning.maxMessageBytes,
  };
  const sockets: BrokerSockets = {
    client: new zmq.Router(routerOptions),
    worker: new zmq.Router(routerOptions),
    eventsIn: new zmq.XSubscriber({
      linger: 0,
      receiveHighWaterMark: tuning.highWaterMark,
      maxMessageSize: tuning.maxMessageBytes,
    }),
    eventsOut: new zmq.XPublisher({ linger: 0, sendTimeout: 0, sendHighWaterMark: tuning.highWaterMark }),
  };
  for (const socket of Object.values(sockets) as zmq.Socket[]) applyCurveServer(socket, curve);
  return sockets;
}

async function bindAll(sockets: BrokerSockets, binds: BrokerBinds): Promise<void> {
  for (const name of ['client', 'worker', 'eventsIn', 'eventsOut'] as const) {
    try {
      await sockets[name].bind(binds[name]);
    } catch (error) {
      throw new IpcError(
        IpcErrorCodes.SocketFailed,
        `The IPC broker could not bind its ${name} socket to ${binds[name]}: ${(error as Error).message}. ` +
          'Free the port or set another address in the matching IPC_*_BIND variable.',
        { cause: error },
      );
    }
  }
}

function closeAll(sockets: BrokerSockets): void {
  for (const socket of Object.values(sockets) as zmq.Socket[]) if (!socket.closed) socket.close();
}

class RunningBroker implements Broker {
  readonly endpoints: BrokerBinds;
  readonly metrics: BrokerMetrics;
  private readonly dispatcher: Dispatcher;
  private readonly clientSender: SerialSender;
  private readonly workerSender: SerialSender;
  private readonly warnings: RateLimitedLog;
  private readonly events: EventProxy;
  private sweepTimer: NodeJS.Timeout | undefined;
  private lastHeartbeatAt = 0;
  private closed = false;

  constructor(
    private readonly sockets: BrokerSockets,
    private readonly tuning: BrokerTuning,
    private readonly log: Logger,
  ) {
    this.endpoints = {
      client: sockets.client.lastEndpoint ?? '',
      worker: sockets.worker.lastEndpoint ?? '',
      eventsIn: sockets.eventsIn.lastEndpoint ?? '',
      eventsOut: sockets.eventsOut.lastEndpoint ?? '',
    };
    this.dispatcher = new Dispatcher({
      maxQueuePerService: tuning.maxQueuePerService,
      workerExpiryMs: tuning.workerExpiryMs,
    });
    this.metrics = createBrokerMetrics(this.dispatcher, { defaultMetrics: tuning.defaultMetrics });
    this.clientSender = new SerialSender(sockets.client, tuning.maxSendQueue);
    this.workerSender = new SerialSender(sockets.worker, tuning.maxSendQueue);
    this.warnings = new RateLimitedLog(log, tuning.warningIntervalMs);
    this.events = new EventProxy(
      sockets.eventsIn,
      sockets.eventsOut,
      this.metrics,
      log,
      this.warnings,
      tuning.maxSendQueue,
    );
  }

  get workerCount(): number {
    return this.dispatcher.workerCount;
  }

  async start(): Promise<void> {
    await this.events.start();
    void this.readLoop(this.sockets.client, 'client', (identity, frames) => this.onClient(identity, frames));
    void this.readLoop(this.sockets.worker, 'worker', (identity, frames) => this.onWorker(identity, frames));
    this.sweepTimer = setInterval(() => this.sweep(), this.tuning.sweepIntervalMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);

    const failures = this.dispatcher.failAll(IpcErrorCodes.Closed, 'The IPC broker is shutting down.');
    const replies = failures.map((failure) => this.replyFailure(failure));
    await Promise.allSettled(replies);
    // No unbind() first: unbinding and closing at once tripped a libzmq 4.3.5 assertion (pipe.cpp:355) in
    // this project's tests, which aborts the process. Ports are therefore released shortly after close().
    closeAll(this.sockets);
    this.log.info({ failedRequests: failures.length }, 'IPC broker stopped');
  }

  private async readLoop(
    socket: zmq.Router,
    name: string,
    handle: (identity: Buffer, frames: Buffer[]) => void,
  ): Promise<void> {
    try {
      for await (const [identity, ...frames] of socket) {
        if (identity) handle(identity, frames);
      }
    } catch (error) {
      if (!socket.closed) this.log.error({ err: error, socket: name }, 'IPC broker reader stopped');
    }
  }

  // -- clients ------------------------------------------------------------------------------------------

  private onClient(identity: Buffer, frames: Buffer[]): void {
    let message;
    try {
      message = decodeClientToBroker(frames);
    } catch (error) {
      this.dropMalformed('client', identity, error);
      return;
    }

    if (message.type === MessageType.Ping) {
      void this.sendToClient(identity, [encodeHeader(MessageType.Pong)]);
      return;
    }
    this.submit(identity, message);
  }

  private submit(identity: Buffer, message: RequestMessage): void {
    const now = Date.now();
    const request: PendingRequest = {
      clientIdentity: identity,
      requestId: message.requestId,
      service: message.service,
      deadline: message.deadline,
      guildId: message.guildId,
      body: message.body,
      receivedAt: now,
    };

    const result = this.dispatcher.submit(request, now);
    if (result === 'queued') return;
    if ('ticket' in result) this.dispatch([result]);
    else void this.replyFailure(result);
  }

  private sendToClient(identity: Buffer, frames: Buffer[]): Promise<void> {
    return this.clientSender.send([identity, ...frames]).catch((error: unknown) => {
      this.metrics.droppedFrames.inc({ socket: 'client', reason: 'undeliverable' });
      this.log.debug({ err: error }, 'reply undeliverable: the client is gone');
    });
  }

  private replyFailure(failure: Failure): Promise<void> {
    const { request, code, message } = failure;
    this.recordOutcome(request, code);
    this.log.info({ requestId: request.requestId, service: request.service, code }, 'request failed');
    return this.sendToClient(request.clientIdentity, encodeError(request.requestId, code, message));
  }

  private recordOutcome(request: PendingRequest, outcome: string): void {
    this.metrics.requests.inc({ service: request.service, outcome });
    this.metrics.requestDuration.observe(
      { service: request.service },
      (Date.now() - request.receivedAt) / 1_000,
    );
  }

  // -- workers ------------------------------------------------------------------------------------------

  private onWorker(identity: Buffer, frames: Buffer[]): void {
    let message;
    try {
      message = decodeWorkerToBroker(frames);
    } catch (error) {
      this.dropMalformed('worker', identity, error);
      return;
    }

    const now = Date.now();
    switch (message.type) {
      case MessageType.Ready:
        this.log.info({ worker: identity.toString('hex'), ...message.registration }, 'worker registered');
        this.dispatch(this.dispatcher.register(identity, message.registration, now));
        return;
      case MessageType.Disconnect:
        this.log.info({ worker: identity.toString('hex') }, 'worker disconnected');
        this.failAll(this.dispatcher.removeWorker(identity, 'disconnected'));
        return;
      case MessageType.Heartbeat:
        if (!this.dispatcher.touch(identity, now)) this.askToRegister(identity);
        return;
      case MessageType.WorkerReply:
      case MessageType.WorkerError:
        if (!this.dispatcher.touch(identity, now)) this.askToRegister(identity);
        this.onWorkerAnswer(identity, message);
        return;
    }
  }

  private onWorkerAnswer(
    identity: Buffer,
    message:
      | { type: typeof MessageType.WorkerReply; ticket: string; body: Buffer }
      | { type: typeof MessageType.WorkerError; ticket: string; code: string; message: string },
  ): void {
    const { request, dispatches } = this.dispatcher.complete(identity, message.ticket);
    this.dispatch(dispatches);
    if (!request) {
      this.metrics.droppedFrames.inc({ socket: 'worker', reason: 'late_reply' });
      this.log.debug({ ticket: message.ticket }, 'dropped a reply to a request that already ended');
      return;
    }

    if (message.type === MessageType.WorkerError) {
      void this.replyFailure({ request, code: message.code, message: message.message });
      return;
    }
    this.recordOutcome(request, 'ok');
    void this.sendToClient(request.clientIdentity, encodeReply(request.requestId, message.body));
  }

  private askToRegister(identity: Buffer): void {
    this.log.debug({ worker: identity.toString('hex') }, 'asking an unknown worker to register');
    void this.sendToWorker(identity, [encodeHeader(MessageType.Reregister)]);
  }

  private dispatch(dispatches: Dispatch[]): void {
    for (const { ticket, workerIdentity, request } of dispatches) {
      const frames = encodeWorkerRequest({
        ticket,
        service: request.service,
        deadline: request.deadline,
        guildId: request.guildId,
        body: request.body,
      });
      void this.sendToWorker(workerIdentity, frames, true);
    }
  }

  private sendToWorker(identity: Buffer, frames: Buffer[], removeOnFailure = false): Promise<void> {
    return this.workerSender.send([identity, ...frames]).catch((error: unknown) => {
      this.metrics.droppedFrames.inc({ socket: 'worker', reason: 'undeliverable' });
      this.log.warn({ err: error, worker: identity.toString('hex') }, 'message to a worker undeliverable');
      if (removeOnFailure) this.failAll(this.dispatcher.removeWorker(identity, 'could not be reached'));
    });
  }

  private failAll(failures: Failure[]): void {
    for (const failure of failures) void this.replyFailure(failure);
  }

  // -- timers and bad input ----------------------------------------------------------------------------

  private sweep(): void {
    const now = Date.now();
    this.failAll(this.dispatcher.expire(now));
    if (now - this.lastHeartbeatAt < this.tuning.heartbeatIntervalMs) return;

    this.lastHeartbeatAt = now;
    const { dead, failures } = this.dispatcher.reapDeadWorkers(now);
    for (const identity of dead) {
      this.log.warn(
        { worker: identity.toString('hex'), expiryMs: this.tuning.workerExpiryMs },
        'worker expired',
      );
    }
    this.failAll(failures);
    for (const identity of this.dispatcher.workerIdentities()) {
      void this.sendToWorker(identity, [encodeHeader(MessageType.Heartbeat)]);
    }
  }

  private dropMalformed(socket: 'client' | 'worker', identity: Buffer, error: unknown): void {
    this.metrics.droppedFrames.inc({ socket, reason: 'malformed' });
    this.warnings.warn(
      `${socket}_malformed`,
      { peer: identity.toString('hex'), reason: (error as Error).message },
      'dropped a malformed message',
    );
  }
}
