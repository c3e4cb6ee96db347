import { describe, expect, it } from 'vitest';

import { connectClient } from '../../../services/database/connect-client';
import { DatabaseErrorCodes } from '../../../services/database/errors';

describe('connectClient', () => {
  it('names an unreachable server without its password', async () => {
    const error = (await connectClient('postgres://kumiko:hunter2@127.0.0.1:1/kumiko', 'DATABASE_URL').then(
      () => new Error('connected unexpectedly'),
      (caught: unknown) => caught,
    )) as Error & { code?: string };

    expect(error).toMatchObject({ code: DatabaseErrorCodes.Unreachable });
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });
});
