import type * as zmq from 'zeromq';

import { IpcError, IpcErrorCodes } from './errors';

/** Key pair of the broker, which is the CURVE server on all four of its sockets. */
export interface CurveServerKeys {
  publicKey: string;
  secretKey: string;
}

/** Keys of a client or worker: its own pair and the broker's public key. */
export interface CurveClientKeys {
  serverPublicKey: string;
  publicKey: string;
  secretKey: string;
}

// A CURVE key in Z85 is 40 characters of the Z85 alphabet (ZeroMQ RFC 32).
const Z85KeyPattern = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/**
 * Check that a value is a 40-character Z85 CURVE key. The value is never put in the message.
 *
 * @throws IpcError `KUMIKO_IPC_INVALID_CURVE_KEY` naming the variable.
 */
export function validateZ85Key(value: string, variable: string): string {
  if (!Z85KeyPattern.test(value)) {
    throw new IpcError(
      IpcErrorCodes.InvalidCurveKey,
      `${variable} is not a 40-character Z85 CURVE key. Generate a key pair with \`npm run ipc:keys\`.`,
    );
  }
  return value;
}

/** Make a bound socket a CURVE server, or leave it in plain text when `keys` is undefined. */
export function applyCurveServer(socket: zmq.Socket, keys: CurveServerKeys | undefined): void {
  if (!keys) return;
  socket.curveServer = true;
  socket.curveSecretKey = keys.secretKey;
  socket.curvePublicKey = keys.publicKey;
}

/** Make a connecting socket a CURVE client of the broker, or leave it in plain text when `keys` is undefined. */
export function applyCurveClient(socket: zmq.Socket, keys: CurveClientKeys | undefined): void {
  if (!keys) return;
  socket.curveServerKey = keys.serverPublicKey;
  socket.curvePublicKey = keys.publicKey;
  socket.curveSecretKey = keys.secretKey;
}
