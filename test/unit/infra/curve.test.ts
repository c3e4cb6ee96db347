import { describe, expect, it } from 'vitest';
import { curveKeyPair } from 'zeromq';

import { curveKeyPairFromSecret, encodeZ85 } from '../../../infra/curve';

const Z85Alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

function decodeZ85(text: string): Buffer {
  const bytes: number[] = [];
  for (let offset = 0; offset < text.length; offset += 5) {
    let value = 0;
    for (const character of text.slice(offset, offset + 5))
      value = value * 85 + Z85Alphabet.indexOf(character);
    bytes.push((value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
  }
  return Buffer.from(bytes);
}

describe('CURVE keys', () => {
  it('encodes the Z85 test vector', () => {
    // Test vector from ZeroMQ RFC 32 (Z85).
    expect(encodeZ85(Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe('HelloWorld');
  });

  it('rejects a partial word', () => {
    expect(() => encodeZ85(Buffer.from([1, 2, 3]))).toThrow(RangeError);
  });

  it('derives public keys like ZeroMQ', () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const expected = curveKeyPair();
      const derived = curveKeyPairFromSecret(decodeZ85(expected.secretKey).toString('base64'));
      expect(derived).toEqual({ publicKey: expected.publicKey, secretKey: expected.secretKey });
    }
  });

  it('rejects a short secret', () => {
    expect(() => curveKeyPairFromSecret(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
