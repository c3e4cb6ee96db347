import { IpcError, IpcErrorCodes } from './errors';

/**
 * Wire format of Kumiko's IPC. docs/ipc-protocol.md describes the same layouts in prose. Every message on the
 * request channels starts with a two-byte header frame, [ProtocolVersion, MessageType]; event messages put
 * the topic first so that SUB sockets can filter on it, and the header second.
 */
export const ProtocolVersion = 1;

/** Message types, one byte each. The channel a type may appear on is fixed. */
export const MessageType = {
  // Client channel (web DEALER <-> broker ROUTER).
  Request: 0x01,
  Reply: 0x02,
  Error: 0x03,
  Ping: 0x04,
  Pong: 0x05,
  // Worker channel (bot DEALER <-> broker ROUTER).
  Ready: 0x10,
  WorkerRequest: 0x11,
  WorkerReply: 0x12,
  WorkerError: 0x13,
  Heartbeat: 0x14,
  Disconnect: 0x15,
  Reregister: 0x16,
  // Event channel (PUB -> broker XSUB, broker XPUB -> SUB).
  Event: 0x20,
} as const;

export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType];

/** Limits checked by every decoder. */
export const ProtocolLimits = {
  idMaxBytes: 64,
  nameMaxBytes: 64,
  codeMaxBytes: 64,
  errorMessageMaxBytes: 2_000,
  bodyMaxBytes: 1_048_576,
  shardCountMax: 65_536,
} as const;

const NamePattern = /^[a-z][a-z0-9._-]*$/;
const IdPattern = /^[\x21-\x7e]+$/;
const CodePattern = /^[A-Z][A-Z0-9_]*$/;
const SnowflakePattern = /^[1-9][0-9]{0,19}$/;
const MaxSnowflake = (1n << 64n) - 1n;

/** A request as the client sends it. `deadline` is an absolute time in ms since the Unix epoch. */
export interface RequestMessage {
  type: typeof MessageType.Request;
  requestId: string;
  service: string;
  deadline: number;
  /** Guild snowflake as a decimal string, or undefined for a request that any worker may serve. */
  guildId: string | undefined;
  body: Buffer;
}

/** Registration that a worker sends in READY. */
export interface WorkerRegistration {
  services: string[];
  shardIds: number[];
  shardCount: number;
  /** How many requests the broker may hand this worker at once. */
  maxInFlight: number;
}

/** A request as the broker hands it to a worker. `ticket` is the broker's own id for it. */
export interface WorkerRequestMessage {
  type: typeof MessageType.WorkerRequest;
  ticket: string;
  service: string;
  deadline: number;
  guildId: string | undefined;
  body: Buffer;
}

export type ClientToBroker = RequestMessage | { type: typeof MessageType.Ping };

export type BrokerToClient =
  | { type: typeof MessageType.Reply; requestId: string; body: Buffer }
  | { type: typeof MessageType.Error; requestId: string; code: string; message: string }
  | { type: typeof MessageType.Pong };

export type WorkerToBroker =
  | { type: typeof MessageType.Ready; registration: WorkerRegistration }
  | { type: typeof MessageType.WorkerReply; ticket: string; body: Buffer }
  | { type: typeof MessageType.WorkerError; ticket: string; code: string; message: string }
  | { type: typeof MessageType.Heartbeat }
  | { type: typeof MessageType.Disconnect };

export type BrokerToWorker =
  WorkerRequestMessage | { type: typeof MessageType.Heartbeat } | { type: typeof MessageType.Reregister };

/** One event: `sequence` counts up from 1 per (publisher, topic), so a subscriber can see what it missed. */
export interface EventMessage {
  topic: string;
  publisherId: string;
  sequence: number;
  publishedAt: number;
  body: Buffer;
}

type Frames = readonly Buffer[];

// ---------------------------------------------------------------------------------------------------------
// Encoding

/** Build the two-byte header frame of a message type. */
export function encodeHeader(type: MessageTypeValue): Buffer {
  return Buffer.from([ProtocolVersion, type]);
}

/** Encode a non-negative whole number below 2^53 as 8 bytes, big-endian. */
export function encodeUint64(value: number): Buffer {
  const frame = Buffer.alloc(8);
  frame.writeBigUInt64BE(BigInt(value));
  return frame;
}

/** Encode a value as a UTF-8 JSON body frame. BigInt values become decimal strings, as snowflakes are. */
export function encodeJsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value ?? null, bigIntAsString), 'utf8');
}

function bigIntAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function encodeRequest(message: Omit<RequestMessage, 'type'>): Buffer[] {
  return [
    encodeHeader(MessageType.Request),
    Buffer.from(message.requestId),
    Buffer.from(message.service),
    encodeUint64(message.deadline),
    Buffer.from(message.guildId ?? ''),
    message.body,
  ];
}

export function encodeReply(requestId: string, body: Buffer): Buffer[] {
  return [encodeHeader(MessageType.Reply), Buffer.from(requestId), body];
}

export function encodeError(requestId: string, code: string, message: string): Buffer[] {
  return [encodeHeader(MessageType.Error), Buffer.from(requestId), Buffer.from(code), truncate(message)];
}

export function encodeReady(registration: WorkerRegistration): Buffer[] {
  return [encodeHeader(MessageType.Ready), encodeJsonBody(registration)];
}

export function encodeWorkerRequest(message: Omit<WorkerRequestMessage, 'type'>): Buffer[] {
  return [
    encodeHeader(MessageType.WorkerRequest),
    Buffer.from(message.ticket),
    Buffer.from(message.service),
    encodeUint64(message.deadline),
    Buffer.from(message.guildId ?? ''),
    message.body,
  ];
}

export function encodeWorkerReply(ticket: string, body: Buffer): Buffer[] {
  return [encodeHeader(MessageType.WorkerReply), Buffer.from(ticket), body];
}

export function encodeWorkerError(ticket: string, code: string, message: string): Buffer[] {
  return [encodeHeader(MessageType.WorkerError), Buffer.from(ticket), Buffer.from(code), truncate(message)];
}

export function encodeEvent(message: EventMessage): Buffer[] {
  return [
    Buffer.from(message.topic),
    encodeHeader(MessageType.Event),
    Buffer.from(message.publisherId),
    encodeUint64(message.sequence),
    encodeUint64(message.publishedAt),
    message.body,
  ];
}

function truncate(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= ProtocolLimits.errorMessageMaxBytes
    ? bytes
    : bytes.subarray(0, ProtocolLimits.errorMessageMaxBytes);
}

// ---------------------------------------------------------------------------------------------------------
// Decoding. Every decoder throws IpcError KUMIKO_IPC_MALFORMED_MESSAGE with the reason; callers count and drop.

/** Decode a message that a client sent to the broker. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE`. */
export function decodeClientToBroker(frames: Frames): ClientToBroker {
  const type = readHeader(frames[0], [MessageType.Request, MessageType.Ping]);
  if (type === MessageType.Ping) {
    expectFrameCount(frames, 1, 'PING');
    return { type };
  }

  expectFrameCount(frames, 6, 'REQUEST');
  return {
    type,
    requestId: readId(frames[1], 'request id'),
    service: readName(frames[2], 'service'),
    deadline: readUint64(frames[3], 'deadline'),
    guildId: readOptionalSnowflake(frames[4], 'guild id'),
    body: readBody(frames[5]),
  };
}

/** Decode a message that the broker sent to a client. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE`. */
export function decodeBrokerToClient(frames: Frames): BrokerToClient {
  const type = readHeader(frames[0], [MessageType.Reply, MessageType.Error, MessageType.Pong]);
  if (type === MessageType.Pong) {
    expectFrameCount(frames, 1, 'PONG');
    return { type };
  }
  if (type === MessageType.Reply) {
    expectFrameCount(frames, 3, 'REPLY');
    return { type, requestId: readId(frames[1], 'request id'), body: readBody(frames[2]) };
  }

  expectFrameCount(frames, 4, 'ERROR');
  return {
    type,
    requestId: readId(frames[1], 'request id'),
    code: readCode(frames[2]),
    message: readText(frames[3], ProtocolLimits.errorMessageMaxBytes, 'error message'),
  };
}

/** Decode a message that a worker sent to the broker. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE`. */
export function decodeWorkerToBroker(frames: Frames): WorkerToBroker {
  const type = readHeader(frames[0], [
    MessageType.Ready,
    MessageType.WorkerReply,
    MessageType.WorkerError,
    MessageType.Heartbeat,
    MessageType.Disconnect,
  ]);
  switch (type) {
    case MessageType.Heartbeat:
    case MessageType.Disconnect:
      expectFrameCount(frames, 1, 'HEARTBEAT or DISCONNECT');
      return { type };
    case MessageType.Ready:
      expectFrameCount(frames, 2, 'READY');
      return { type, registration: readRegistration(frames[1]) };
    case MessageType.WorkerReply:
      expectFrameCount(frames, 3, 'WORKER_REPLY');
      return { type, ticket: readId(frames[1], 'ticket'), body: readBody(frames[2]) };
    default:
      expectFrameCount(frames, 4, 'WORKER_ERROR');
      return {
        type,
        ticket: readId(frames[1], 'ticket'),
        code: readCode(frames[2]),
        message: readText(frames[3], ProtocolLimits.errorMessageMaxBytes, 'error message'),
      };
  }
}

/** Decode a message that the broker sent to a worker. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE`. */
export function decodeBrokerToWorker(frames: Frames): BrokerToWorker {
  const type = readHeader(frames[0], [
    MessageType.WorkerRequest,
    MessageType.Heartbeat,
    MessageType.Reregister,
  ]);
  if (type !== MessageType.WorkerRequest) {
    expectFrameCount(frames, 1, 'HEARTBEAT or REREGISTER');
    return { type };
  }

  expectFrameCount(frames, 6, 'WORKER_REQUEST');
  return {
    type,
    ticket: readId(frames[1], 'ticket'),
    service: readName(frames[2], 'service'),
    deadline: readUint64(frames[3], 'deadline'),
    guildId: readOptionalSnowflake(frames[4], 'guild id'),
    body: readBody(frames[5]),
  };
}

/** Decode an event message. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE`. */
export function decodeEvent(frames: Frames): EventMessage {
  expectFrameCount(frames, 6, 'EVENT');
  const topic = readName(frames[0], 'topic');
  readHeader(frames[1], [MessageType.Event]);
  return {
    topic,
    publisherId: readId(frames[2], 'publisher id'),
    sequence: readUint64(frames[3], 'sequence'),
    publishedAt: readUint64(frames[4], 'published at'),
    body: readBody(frames[5]),
  };
}

/** Parse a JSON body frame. @throws IpcError `KUMIKO_IPC_MALFORMED_MESSAGE` when it is not valid JSON. */
export function decodeJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw malformed(`the body is not valid JSON (${(error as Error).message})`, error);
  }
}

/** Check a service or topic name: lower-case ASCII letters, digits, `.`, `_` and `-`, starting with a letter. */
export function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= ProtocolLimits.nameMaxBytes && NamePattern.test(name);
}

/** Check a guild or user snowflake: a decimal string of an unsigned 64-bit number above zero. */
export function isValidSnowflake(value: string): boolean {
  return SnowflakePattern.test(value) && BigInt(value) <= MaxSnowflake;
}

/** Return the shard that owns a guild, by Discord's rule `(guildId >> 22) % shardCount`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function readHeader<T extends MessageTypeValue>(frame: Buffer | undefined, allowed: readonly T[]): T {
  if (!frame || frame.length !== 2) throw malformed('the header frame is not 2 bytes long');
  if (frame[0] !== ProtocolVersion) {
    throw malformed(`protocol version ${frame[0]} is not supported (expected ${ProtocolVersion})`);
  }

  const type = frame[1] as T;
  if (!allowed.includes(type)) throw malformed(`message type 0x${frame[1]?.toString(16)} is not valid here`);
  return type;
}

function expectFrameCount(frames: Frames, count: number, label: string): void {
  if (frames.length !== count) {
    throw malformed(`${label} has ${frames.length} frames (expected ${count})`);
  }
}

function readText(frame: Buffer | undefined, maxBytes: number, field: string): string {
  if (!frame) throw malformed(`the ${field} frame is missing`);
  if (frame.length > maxBytes) throw malformed(`the ${field} is ${frame.length} bytes (max ${maxBytes})`);
  return frame.toString('utf8');
}

function readId(frame: Buffer | undefined, field: string): string {
  const value = readText(frame, ProtocolLimits.idMaxBytes, field);
  if (!IdPattern.test(value)) throw malformed(`the ${field} must be 1 to 64 printable ASCII characters`);
  return value;
}

function readName(frame: Buffer | undefined, field: string): string {
  const value = readText(frame, ProtocolLimits.nameMaxBytes, field);
  if (!isValidName(value)) throw malformed(`the ${field} "${value}" is not a valid name`);
  return value;
}

function readCode(frame: Buffer | undefined): string {
  const value = readText(frame, ProtocolLimits.codeMaxBytes, 'error code');
  if (!CodePattern.test(value)) throw malformed(`the error code "${value}" is not UPPER_SNAKE_CASE`);
  return value;
}

function readOptionalSnowflake(frame: Buffer | undefined, field: string): string | undefined {
  const value = readText(frame, 20, field);
  if (value === '') return undefined;
  if (!isValidSnowflake(value)) throw malformed(`the ${field} "${value}" is not a snowflake`);
  return value;
}

function readUint64(frame: Buffer | undefined, field: string): number {
  if (!frame || frame.length !== 8) throw malformed(`the ${field} frame is not 8 bytes long`);
  const value = frame.readBigUInt64BE();
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`the ${field} is above 2^53 - 1`);
  return Number(value);
}

function readBody(frame: Buffer | undefined): Buffer {
  if (!frame) throw malformed('the body frame is missing');
  if (frame.length > ProtocolLimits.bodyMaxBytes) {
    throw malformed(`the body is ${frame.length} bytes (max ${ProtocolLimits.bodyMaxBytes})`);
  }
  return frame;
}

function readRegistration(frame: Buffer | undefined): WorkerRegistration {
  const value = decodeJsonBody(readBody(frame)) as Partial<WorkerRegistration> | null;
  if (typeof value !== 'object' || value === null) throw malformed('READY must carry a JSON object');

  const { services, shardIds, shardCount, maxInFlight } = value;
  if (!Array.isArray(services) || services.length === 0 || !services.every((s) => isValidName(String(s)))) {
    throw malformed('READY services must be a non-empty array of valid names');
  }
  if (!isWholeNumber(shardCount, 1, ProtocolLimits.shardCountMax)) {
    throw malformed(`READY shardCount must be a whole number from 1 to ${ProtocolLimits.shardCountMax}`);
  }
  if (!Array.isArray(shardIds) || !shardIds.every((id) => isWholeNumber(id, 0, shardCount - 1))) {
    throw malformed('READY shardIds must be whole numbers below shardCount');
  }
  if (!isWholeNumber(maxInFlight, 1, 100_000)) {
    throw malformed('READY maxInFlight must be a whole number from 1 to 100000');
  }
  return { services: services.map(String), shardIds, shardCount, maxInFlight };
}

function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function malformed(reason: string, cause?: unknown): IpcError {
  return new IpcError(IpcErrorCodes.MalformedMessage, `Malformed IPC message: ${reason}.`, { cause });
}
