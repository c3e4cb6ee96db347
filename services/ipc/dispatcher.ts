import { IpcErrorCodes, type IpcErrorCode } from './errors';
import { shardForGuild, type WorkerRegistration } from './protocol';

/** A client request held by the broker, queued or handed to a worker. */
export interface PendingRequest {
  clientIdentity: Buffer;
  requestId: string;
  service: string;
  /** Absolute deadline, ms since the Unix epoch. */
  deadline: number;
  guildId: string | undefined;
  body: Buffer;
  receivedAt: number;
}

/** A request handed to a worker, under the broker's own ticket. */
export interface Dispatch {
  ticket: string;
  workerIdentity: Buffer;
  request: PendingRequest;
}

/** A request that ends with an error reply to its client. */
export interface Failure {
  request: PendingRequest;
  /** An IPC code, or a handler's own code passed through from a worker. */
  code: string;
  message: string;
}

interface WorkerEntry {
  key: string;
  identity: Buffer;
  registration: WorkerRegistration;
  shardIds: ReadonlySet<number>;
  inFlight: Map<string, PendingRequest>;
  lastSeenMs: number;
  /** Order of the latest dispatch, for least-recently-used selection. */
  lastDispatchOrder: number;
}

/** Options of {@link Dispatcher}. */
export interface DispatcherOptions {
  /** Maximum requests waiting per service for a free worker. */
  maxQueuePerService: number;
  /** A worker silent for this long is dead. */
  workerExpiryMs: number;
}

/**
 * Route requests to workers: the routing state of the broker, with no sockets, so that its rules can be
 * tested alone. Guild-scoped requests go to the worker that owns the guild's shard; others go to the
 * least recently used worker with free capacity. Every request either reaches a worker or ends in a Failure.
 */
export class Dispatcher {
  private readonly workers = new Map<string, WorkerEntry>();
  private readonly queues = new Map<string, PendingRequest[]>();
  private readonly tickets = new Map<string, { workerKey: string; request: PendingRequest }>();
  private readonly knownServices = new Set<string>();
  private dispatchOrder = 0;
  private ticketCounter = 0;

  constructor(private readonly options: DispatcherOptions) {}

  /** Add a worker, or replace its registration when it registers again. */
  register(identity: Buffer, registration: WorkerRegistration, now: number): Dispatch[] {
    const key = identity.toString('hex');
    const existing = this.workers.get(key);
    this.workers.set(key, {
      key,
      identity,
      registration,
      shardIds: new Set(registration.shardIds),
      inFlight: existing?.inFlight ?? new Map<string, PendingRequest>(),
      lastSeenMs: now,
      lastDispatchOrder: existing?.lastDispatchOrder ?? 0,
    });
    for (const service of registration.services) this.knownServices.add(service);

    return this.drain();
  }

  /** Record that a worker was heard from. Returns false for a worker this broker does not know. */
  touch(identity: Buffer, now: number): boolean {
    const worker = this.workers.get(identity.toString('hex'));
    if (!worker) return false;
    worker.lastSeenMs = now;
    return true;
  }

  /** Identities of the live workers, for broker heartbeats. */
  workerIdentities(): Buffer[] {
    return [...this.workers.values()].map((worker) => worker.identity);
  }

  /** Hand a new request to a worker, queue it, or fail it at once. */
  submit(request: PendingRequest, now: number): Dispatch | Failure | 'queued' {
    if (request.deadline <= now) {
      return fail(request, IpcErrorCodes.DeadlineExceeded, 'its deadline had passed when the broker got it');
    }
    if (!this.knownServices.has(request.service)) {
      return fail(request, IpcErrorCodes.UnknownService, 'no worker has registered this service');
    }
    if (!this.hasOwner(request)) {
      return fail(request, IpcErrorCodes.NoWorker, this.describeMissingOwner(request));
    }

    const worker = this.pickWorker(request);
    if (worker) return this.assign(worker, request);

    const queue = this.queues.get(request.service) ?? [];
    if (queue.length >= this.options.maxQueuePerService) {
      return fail(
        request,
        IpcErrorCodes.QueueFull,
        `the queue of ${request.service} is full (${this.options.maxQueuePerService} requests)`,
      );
    }
    queue.push(request);
    this.queues.set(request.service, queue);
    return 'queued';
  }

  /**
   * Take the request of a ticket when its worker replies, and dispatch queued work to the freed capacity.
   * Returns undefined for an unknown ticket, such as a reply after the deadline or from another worker.
   */
  complete(
    identity: Buffer,
    ticket: string,
  ): { request: PendingRequest | undefined; dispatches: Dispatch[] } {
    const entry = this.tickets.get(ticket);
    const workerKey = identity.toString('hex');
    if (!entry || entry.workerKey !== workerKey) return { request: undefined, dispatches: [] };

    this.tickets.delete(ticket);
    this.workers.get(workerKey)?.inFlight.delete(ticket);
    return { request: entry.request, dispatches: this.drain() };
  }

  /** Remove a worker that disconnected or went silent, failing its in-flight and now unservable requests. */
  removeWorker(identity: Buffer, reason: string): Failure[] {
    const worker = this.workers.get(identity.toString('hex'));
    if (!worker) return [];

    this.workers.delete(worker.key);
    const failures: Failure[] = [];
    for (const [ticket, request] of worker.inFlight) {
      this.tickets.delete(ticket);
      failures.push(fail(request, IpcErrorCodes.WorkerLost, `the worker handling it ${reason}`));
    }
    return [...failures, ...this.failUnservable()];
  }

  /** Remove workers silent past their expiry. Returns their identities and the failed requests. */
  reapDeadWorkers(now: number): { dead: Buffer[]; failures: Failure[] } {
    const dead = [...this.workers.values()].filter(
      (worker) => now - worker.lastSeenMs > this.options.workerExpiryMs,
    );
    const failures = dead.flatMap((worker) =>
      this.removeWorker(worker.identity, `stopped sending heartbeats for ${this.options.workerExpiryMs} ms`),
    );
    return { dead: dead.map((worker) => worker.identity), failures };
  }

  /** Fail queued and in-flight requests whose deadline has passed. */
  expire(now: number): Failure[] {
    const failures: Failure[] = [];
    for (const [service, queue] of this.queues) {
      const kept = queue.filter((request) => request.deadline > now);
      for (const request of queue) {
        if (request.deadline <= now) {
          failures.push(fail(request, IpcErrorCodes.DeadlineExceeded, 'its deadline passed in the queue'));
        }
      }
      this.queues.set(service, kept);
    }

    for (const [ticket, entry] of this.tickets) {
      if (entry.request.deadline > now) continue;
      this.tickets.delete(ticket);
      this.workers.get(entry.workerKey)?.inFlight.delete(ticket);
      failures.push(fail(entry.request, IpcErrorCodes.DeadlineExceeded, 'its deadline passed at the worker'));
    }
    return failures;
  }

  /** Dispatch queued requests that a worker can now take, oldest first within each service. */
  drain(): Dispatch[] {
    const dispatches: Dispatch[] = [];
    for (const [service, queue] of this.queues) {
      const kept: PendingRequest[] = [];
      for (const request of queue) {
        const worker = this.pickWorker(request);
        if (worker) dispatches.push(this.assign(worker, request));
        else kept.push(request);
      }
      this.queues.set(service, kept);
    }
    return dispatches;
  }

  /** Queue depth per service. */
  queueDepths(): Map<string, number> {
    return new Map([...this.queues].map(([service, queue]) => [service, queue.length]));
  }

  /** Live workers per known service. */
  liveWorkersByService(): Map<string, number> {
    const counts = new Map<string, number>([...this.knownServices].map((service) => [service, 0]));
    for (const worker of this.workers.values()) {
      for (const service of worker.registration.services) counts.set(service, (counts.get(service) ?? 0) + 1);
    }
    return counts;
  }

  /** Number of live workers. */
  get workerCount(): number {
    return this.workers.size;
  }

  /** Fail every queued and in-flight request, when the broker closes. */
  failAll(code: IpcErrorCode, message: string): Failure[] {
    const queued = [...this.queues.values()].flat();
    const inFlight = [...this.tickets.values()].map((entry) => entry.request);
    this.queues.clear();
    this.tickets.clear();
    for (const worker of this.workers.values()) worker.inFlight.clear();
    return [...queued, ...inFlight].map((request) => ({ request, code, message }));
  }

  private assign(worker: WorkerEntry, request: PendingRequest): Dispatch {
    this.ticketCounter += 1;
    this.dispatchOrder += 1;
    const ticket = `t${this.ticketCounter.toString(36)}`;
    worker.inFlight.set(ticket, request);
    worker.lastDispatchOrder = this.dispatchOrder;
    this.tickets.set(ticket, { workerKey: worker.key, request });
    return { ticket, workerIdentity: worker.identity, request };
  }

  private pickWorker(request: PendingRequest): WorkerEntry | undefined {
    let best: WorkerEntry | undefined;
    for (const worker of this.workers.values()) {
      if (!this.canServe(worker, request)) continue;
      if (worker.inFlight.size >= worker.registration.maxInFlight) continue;
      if (!best || worker.lastDispatchOrder < best.lastDispatchOrder) best = worker;
    }
    return best;
  }

  private hasOwner(request: PendingRequest): boolean {
    for (const worker of this.workers.values()) if (this.canServe(worker, request)) return true;
    return false;
  }

  private canServe(worker: WorkerEntry, request: PendingRequest): boolean {
    if (!worker.registration.services.includes(request.service)) return false;
    if (request.guildId === undefined) return true;
    return worker.shardIds.has(shardForGuild(request.guildId, worker.registration.shardCount));
  }

  private describeMissingOwner(request: PendingRequest): string {
    return request.guildId === undefined
      ? `no live worker serves ${request.service}`
      : `no live worker serves ${request.service} for the shard of guild ${request.guildId}`;
  }

  private failUnservable(): Failure[] {
    const failures: Failure[] = [];
    for (const [service, queue] of this.queues) {
      const kept: PendingRequest[] = [];
      for (const request of queue) {
        if (this.hasOwner(request)) kept.push(request);
        else failures.push(fail(request, IpcErrorCodes.NoWorker, this.describeMissingOwner(request)));
      }
      this.queues.set(service, kept);
    }
    return failures;
  }
}

function fail(request: PendingRequest, code: IpcErrorCode, reason: string): Failure {
  return {
    request,
    code,
    message: `Request ${request.requestId} to ${request.service} failed: ${reason}.`,
  };
}
