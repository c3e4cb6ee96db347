import { curveKeyPair } from 'zeromq';
import { describe, expect, it } from 'vitest';

import { loadBrokerConfig, resolveClientCurve } from '../../../services/ipc/config';
import { IpcErrorCodes } from '../../../services/ipc/errors';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('loadBrokerConfig', () => {
  it('binds loopback by default locally', () => {
    expect(loadBrokerConfig({}).clientBind).toBe('tcp://127.0.0.1:5555');
  });

  it('binds all interfaces in prod', () => {
    const pair = curveKeyPair();
    const config = loadBrokerConfig({
      KUMIKO_ENV: 'prod',
      IPC_CURVE_SERVER_PUBLIC_KEY: pair.publicKey,
      IPC_CURVE_SERVER_SECRET_KEY: pair.secretKey,
    });
    expect(config.eventsOutBind).toBe('tcp://0.0.0.0:5558');
  });

  it('binds all interfaces in staging', () => {
    expect(loadBrokerConfig({ KUMIKO_ENV: 'staging' }).workerBind).toBe('tcp://0.0.0.0:5556');
  });

  it('requires CURVE in prod', () => {
    expect(codeOf(() => loadBrokerConfig({ KUMIKO_ENV: 'prod' }))).toBe(IpcErrorCodes.CurveRequired);
  });

  it('rejects half a key pair', () => {
    const pair = curveKeyPair();
    expect(codeOf(() => loadBrokerConfig({ IPC_CURVE_SERVER_PUBLIC_KEY: pair.publicKey }))).toBe(
      IpcErrorCodes.InvalidCurveKey,
    );
  });

  it('rejects a malformed endpoint', () => {
    expect(codeOf(() => loadBrokerConfig({ IPC_CLIENT_BIND: 'localhost:5555' }))).toBe(
      'KUMIKO_CONFIG_INVALID',
    );
  });
});

describe('resolveClientCurve', () => {
  it('returns undefined with no keys', () => {
    expect(resolveClientCurve({}, 'local')).toBeUndefined();
  });

  it('rejects an incomplete set', () => {
    const pair = curveKeyPair();
    expect(codeOf(() => resolveClientCurve({ IPC_CURVE_SERVER_PUBLIC_KEY: pair.publicKey }, 'local'))).toBe(
      IpcErrorCodes.InvalidCurveKey,
    );
  });

  it('rejects a non-Z85 key', () => {
    const pair = curveKeyPair();
    const values = {
      IPC_CURVE_SERVER_PUBLIC_KEY: pair.publicKey,
      IPC_CURVE_CLIENT_PUBLIC_KEY: pair.publicKey,
      IPC_CURVE_CLIENT_SECRET_KEY: ' '.repeat(40),
    };
    expect(codeOf(() => resolveClientCurve(values, 'local'))).toBe(IpcErrorCodes.InvalidCurveKey);
  });
});
