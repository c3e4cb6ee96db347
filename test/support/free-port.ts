import { createServer } from 'node:net';

/**
 * Ask the kernel for a free TCP port on 127.0.0.1. Another process may take the port before the caller binds
 * it, so callers that can retry on EADDRINUSE should.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
