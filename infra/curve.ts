import { createPrivateKey, createPublicKey } from 'node:crypto';

// Z85 is ZeroMQ's text encoding of binary keys (ZeroMQ RFC 32/Z85): every 4 bytes become 5 characters.
const Z85Alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** Encode bytes as Z85. The length must be a multiple of 4. */
export function encodeZ85(bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0)
    throw new RangeError(`Z85 input length must be a multiple of 4 (got ${bytes.length}).`);
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 4) {
    let value =
      ((bytes[offset]! << 24) >>> 0) +
      (bytes[offset + 1]! << 16) +
      (bytes[offset + 2]! << 8) +
      bytes[offset + 3]!;
    const chunk: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      chunk.unshift(Z85Alphabet[value % 85]!);
      value = Math.floor(value / 85);
    }
    text += chunk.join('');
  }
  return text;
}

// DER prefix of a PKCS #8 X25519 private key (RFC 8410, section 10.3). The 32 secret key bytes follow it.
const X25519Pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** A CURVE key pair in Z85, the form that ZeroMQ sockets take. */
export interface CurveKeyPair {
  /** Public key, 40 Z85 characters. */
  publicKey: string;
  /** Secret key, 40 Z85 characters. */
  secretKey: string;
}

/**
 * Derive a CURVE (X25519) key pair from 32 random bytes given in base64. The bytes are the secret key, and
 * the public key is the X25519 product with the base point, as ZeroMQ's zmq_curve_public computes it.
 */
export function curveKeyPairFromSecret(secretKeyBase64: string): CurveKeyPair {
  const secret = Buffer.from(secretKeyBase64, 'base64');
  if (secret.length !== 32) throw new RangeError(`A CURVE secret key has 32 bytes (got ${secret.length}).`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([X25519Pkcs8Prefix, secret]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Node.js returned an X25519 public key without "x".');
  return { secretKey: encodeZ85(secret), publicKey: encodeZ85(Buffer.from(jwk.x, 'base64url')) };
}
