import type * as zmq from 'zeromq';

import { IpcError, IpcErrorCodes } from './errors';

/**
 * Serialise the sends of one socket. zeromq 6 allows one pending `send()` per socket and throws EBUSY on a
 * second concurrent one, so every send of a socket goes through one instance of this queue, which is bounded.
 */
export class SerialSender {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly socket: zmq.Writable,
    private readonly maxPending: number,
  ) {}

  /** Number of sends queued or in progress. */
  get depth(): number {
    return this.pending;
  }

  /**
   * Queue a multipart message behind the earlier sends of this socket.
   *
   * @throws IpcError `KUMIKO_IPC_SEND_FAILED` (as a rejection) when the queue is full or the socket rejects
   *   the message, for example EAGAIN with `sendTimeout: 0` or EHOSTUNREACH on a ROUTER with `mandatory`.
   */
  send(frames: readonly Buffer[]): Promise<void> {
    if (this.pending >= this.maxPending) {
      return Promise.reject(
        new IpcError(
          IpcErrorCodes.SendFailed,
          `The socket's send queue is full (${this.maxPending} messages); the message was dropped.`,
        ),
      );
    }

    // With nothing queued, send at once instead of a microtask later, because no send of this socket is pending.
    const sendNow = async (): Promise<void> => this.socket.send(frames as Buffer[]);
    const started = this.pending === 0 ? sendNow() : this.tail.then(sendNow);
    this.pending += 1;
    const result = started.catch((error: unknown) => {
      throw new IpcError(IpcErrorCodes.SendFailed, `Sending on the socket failed: ${describe(error)}.`, {
        cause: error,
      });
    });
    const settle = (): void => {
      this.pending -= 1;
    };
    this.tail = result.then(settle, settle);
    return result;
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? error.message : String(error);
}
