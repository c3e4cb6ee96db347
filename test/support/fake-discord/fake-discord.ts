import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

import { guildCreateData, messageData, readyData } from './payloads';

/** One REST request the fake received. `path` is as sent, so `@original` appears as `%40original`. */
export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  receivedAt: number;
}

/**
 * A small stand-in for Discord on 127.0.0.1, for tests and benchmarks only: an HTTP server for the REST calls a
 * bot makes and, on the same port, a WebSocket gateway that sends HELLO, accepts IDENTIFY, sends READY and
 * GUILD_CREATE, and answers heartbeats. Tests dispatch interactions through it and read the recorded calls.
 */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  private readonly server: Server;
  private readonly gateway: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters: Array<{
    match: (call: RecordedCall) => boolean;
    resolve: (call: RecordedCall) => void;
  }> = [];
  private sequence = 0;
  private messageCounter = 0;
  private identified?: () => void;
  /** Resolves once a client has identified and received READY. */
  readonly ready: Promise<void>;

  constructor() {
    this.server = createServer((request, response) => void this.handleRest(request, response));
    this.gateway = new WebSocketServer({ server: this.server });
    this.gateway.on('connection', (socket) => this.handleSocket(socket));
    this.ready = new Promise((resolve) => {
      this.identified = resolve;
    });
  }

  /** Listen on a free port of 127.0.0.1. */
  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Value for `DISCORD_REST_URL`: the REST base URL, to which discord.js appends `/v10`. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Send a dispatch (op 0) to every connected gateway client. */
  dispatch(type: string, data: unknown): void {
    for (const socket of this.sockets) this.send(socket, { op: 0, t: type, s: ++this.sequence, d: data });
  }

  /** Resolve with the first recorded call, past or future, that matches. Rejects after `timeoutMs`. */
  waitForCall(match: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);

    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (call: RecordedCall) => (clearTimeout(timer), resolve(call)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`No matching REST call within ${timeoutMs} ms; received: ${this.describeCalls()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Close every gateway connection and the server. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (raw: Buffer) => this.handleGatewayMessage(socket, raw.toString('utf8')));
    this.send(socket, { op: 10, d: { heartbeat_interval: 45_000 } });
  }

  private handleGatewayMessage(socket: WebSocket, raw: string): void {
    const message = JSON.parse(raw) as { op: number; d: unknown };
    if (message.op === 1) {
      this.send(socket, { op: 11 });
      return;
    }
    if (message.op === 2) {
      const identify = message.d as { shard?: [number, number] };
      const shard = identify.shard ?? [0, 1];
      this.send(socket, { op: 0, t: 'READY', s: ++this.sequence, d: readyData(this.gatewayUrl, shard) });
      this.send(socket, { op: 0, t: 'GUILD_CREATE', s: ++this.sequence, d: guildCreateData() });
      this.identified?.();
    }
  }

  private send(socket: WebSocket, payload: unknown): void {
    socket.send(JSON.stringify(payload));
  }

  private async handleRest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0]!;
    const call = { method, path, body, receivedAt: performance.now() };

    const [status, payload] = this.route(method, path, body);
    if (payload === undefined) {
      response.writeHead(status).end();
    } else {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    }
    this.record(call);
  }

  private route(method: string, path: string, body: unknown): [number, unknown] {
    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1_000, remaining: 1_000, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if (method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path))
      return [204, undefined];
    if (/^\/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/(%40original|\d+)$/.test(path)) {
      if (method === 'DELETE') return [204, undefined];
      return [200, messageData(String(++this.messageCounter), asRecord(body))];
    }
    if (method === 'POST' && /^\/api\/v10\/webhooks\/\d+\/[^/]+$/.test(path)) {
      return [200, messageData(String(++this.messageCounter), asRecord(body))];
    }
    return [404, { message: `Unknown route ${method} ${path} in the fake Discord`, code: 0 }];
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (!waiter.match(call)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
  }

  private describeCalls(): string {
    return this.calls.map((call) => `${call.method} ${call.path}`).join(', ') || '(none)';
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
