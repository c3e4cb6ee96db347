import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Broker } from '../../../services/ipc/broker';
import type { IpcClient } from '../../../services/ipc/client';
import { FakeDiscord } from '../../support/fake-discord/fake-discord';
import { FakeIds } from '../../support/fake-discord/payloads';
import { connectTestClient, startTestBroker, waitFor } from '../../support/ipc-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const ProjectRoot = path.resolve(__dirname, '..', '..', '..');

interface BotStatusReply {
  guildCount: number;
  shards: { id: number }[];
}

// Runs the bot's real entry point as its own process, with a fake Discord on loopback and the broker in this
// process, and sends IPC requests through the broker to the bot's worker.
describe('bot process', () => {
  let database: TestDatabase;
  let discord: FakeDiscord;
  let broker: Broker;
  let client: IpcClient;
  let bot: ChildProcess;
  let stderr = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    discord = new FakeDiscord();
    await discord.start();
    broker = await startTestBroker();
    client = connectTestClient(broker);

    bot = spawn(process.execPath, ['--import', 'tsx', 'services/bot/main.ts'], {
      cwd: ProjectRoot,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        DISCORD_TOKEN: 'test-token-not-real',
        DISCORD_APPLICATION_ID: FakeIds.applicationId,
        DISCORD_REST_URL: discord.restUrl,
        HEALTH_PORT: '0',
        IPC_WORKER_ENDPOINT: broker.endpoints.worker,
        IPC_EVENTS_ENDPOINT: broker.endpoints.eventsIn,
        KUMIKO_ENV: 'test',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    bot.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await discord.ready;
  });

  afterAll(async () => {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    client.close();
    await broker.close();
    await discord.stop();
    await database.drop();
  });

  it('serves bot.status over IPC', async () => {
    let reply: BotStatusReply | undefined;
    await waitFor(async () => {
      reply = await client
        .request<BotStatusReply>('bot.status', {}, { deadlineMs: 500 })
        .catch(() => undefined);
      return reply !== undefined;
    }, 20_000);

    expect(reply?.guildCount).toBe(1);
    expect(reply?.shards.map((shard) => shard.id)).toEqual([0]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));

    bot.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(stderr).not.toContain('test-token-not-real');
  });
});
