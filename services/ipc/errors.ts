/** Stable codes of the IPC errors. Codes that cross the wire keep their meaning across versions. */
export const IpcErrorCodes = {
  /** No live worker has ever registered the requested service with this broker. */
  UnknownService: 'KUMIKO_IPC_UNKNOWN_SERVICE',
  /** The service is known, but no live worker serves it (or the shard of the guild) right now. */
  NoWorker: 'KUMIKO_IPC_NO_WORKER',
  /** The request's deadline passed before a reply arrived. */
  DeadlineExceeded: 'KUMIKO_IPC_DEADLINE_EXCEEDED',
  /** The broker's bounded queue for the service is full. */
  QueueFull: 'KUMIKO_IPC_QUEUE_FULL',
  /** The worker that held the request stopped sending heartbeats or disconnected. */
  WorkerLost: 'KUMIKO_IPC_WORKER_LOST',
  /** The worker's handler threw an error that carried no code of its own. */
  HandlerFailed: 'KUMIKO_IPC_HANDLER_FAILED',
  /** The handler found the request body invalid. */
  BadRequest: 'KUMIKO_IPC_BAD_REQUEST',
  /** The handler found no such resource, such as a guild the bot is not in. */
  NotFound: 'KUMIKO_IPC_NOT_FOUND',
  /** The client has not heard the broker's heartbeat within the liveness window. */
  BrokerUnavailable: 'KUMIKO_IPC_BROKER_UNAVAILABLE',
  /** The local socket could not take the message: its send queue or high-water mark is full. */
  SendFailed: 'KUMIKO_IPC_SEND_FAILED',
  /** The client, worker or broker was closed. */
  Closed: 'KUMIKO_IPC_CLOSED',
  /** A frame or message does not follow the protocol. */
  MalformedMessage: 'KUMIKO_IPC_MALFORMED_MESSAGE',
  /** CURVE keys are missing where they are required. */
  CurveRequired: 'KUMIKO_IPC_CURVE_REQUIRED',
  /** A CURVE key is not a 40-character Z85 string, or a key pair is incomplete. */
  InvalidCurveKey: 'KUMIKO_IPC_INVALID_CURVE_KEY',
  /** A socket failed to bind or connect. */
  SocketFailed: 'KUMIKO_IPC_SOCKET_FAILED',
} as const;

export type IpcErrorCode = (typeof IpcErrorCodes)[keyof typeof IpcErrorCodes];

/**
 * An IPC failure with a stable `code`. Errors received from the broker or a worker arrive as this class too,
 * with the code sent on the wire, which may be a handler's own code.
 */
export class IpcError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return `IpcError [${this.code}]`;
  }
}

/** Codes after which a retry may reach another worker or a restarted broker. */
export const RetryableCodes: ReadonlySet<string> = new Set([
  IpcErrorCodes.NoWorker,
  IpcErrorCodes.WorkerLost,
  IpcErrorCodes.BrokerUnavailable,
  IpcErrorCodes.QueueFull,
]);
