import { curveKeyPair } from 'zeromq';
import { describe, expect, it } from 'vitest';

import { IpcErrorCodes } from '../../../services/ipc/errors';
import { loadWebConfig } from '../../../services/web/config';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('loadWebConfig', () => {
  it('applies the defaults', () => {
    const config = loadWebConfig({});
    expect([config.port, config.host, config.ipcClientEndpoint, config.ipcEventsEndpoint]).toEqual([
      3_000,
      '127.0.0.1',
      'tcp://127.0.0.1:5555',
      'tcp://127.0.0.1:5558',
    ]);
  });

  it('splits CORS origins', () => {
    const config = loadWebConfig({ CORS_ORIGINS: 'https://a.example, https://b.example,' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('rejects a non-numeric port', () => {
    expect(codeOf(() => loadWebConfig({ PORT: 'http' }))).toBe('KUMIKO_CONFIG_INVALID');
  });

  it('requires CURVE in prod', () => {
    expect(codeOf(() => loadWebConfig({ KUMIKO_ENV: 'prod' }))).toBe(IpcErrorCodes.CurveRequired);
  });

  it('accepts CURVE keys in prod', () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const config = loadWebConfig({
      KUMIKO_ENV: 'prod',
      IPC_CURVE_SERVER_PUBLIC_KEY: server.publicKey,
      IPC_CURVE_CLIENT_PUBLIC_KEY: client.publicKey,
      IPC_CURVE_CLIENT_SECRET_KEY: client.secretKey,
    });
    expect(config.curve?.serverPublicKey).toBe(server.publicKey);
  });
});
