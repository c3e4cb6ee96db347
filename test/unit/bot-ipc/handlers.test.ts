import type { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';

import type { BotClientView } from '../../../services/bot/ipc/client-view';
import { readBotStatus, readGuildInfo, readUserProfile } from '../../../services/bot/ipc/handlers';
import { createMarketEventSink } from '../../../services/bot/ipc/market-event-sink';
import { startBotIpcWorker } from '../../../services/bot/ipc/start-worker';
import { BotServices, type GuildInfoReply } from '../../../services/ipc/bot-contract';
import { IpcErrorCodes } from '../../../services/ipc/errors';
import {
  createEventPublisher,
  createEventSubscriber,
  type ReceivedEvent,
} from '../../../services/ipc/events';
import {
  connectTestClient,
  FastWorkerTuning,
  logger,
  rejectionOf,
  startTestBroker,
  waitFor,
} from '../../support/ipc-harness';

// Compile-time check: a discord.js Client fits the view the handlers read.
export const clientFitsView = (client: Client): BotClientView => client;

const guildOnShard1 = ((1n << 50n) + (1n << 22n)).toString();

function fakeClient(shardIds: number[]): BotClientView {
  const guilds = new Map([
    [
      guildOnShard1,
      {
        id: guildOnShard1,
        name: 'Petal Club',
        memberCount: 42,
        iconURL: () => 'https://cdn.example/icon.png',
      },
    ],
  ]);
  const users = new Map([
    [
      '123456789012345678',
      { id: '123456789012345678', username: 'kumi', displayAvatarURL: () => 'https://cdn.example/a.png' },
    ],
  ]);
  return {
    ws: { ping: 41, shards: new Map(shardIds.map((id) => [id, { id, status: 0, ping: 40 + id }])) },
    guilds: { cache: guilds },
    users: { cache: users },
  };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('bot IPC handlers', () => {
  it('reports shards and guilds', () => {
    expect(readBotStatus(fakeClient([0, 1]))).toEqual({
      shards: [
        { id: 0, status: 'ready', pingMs: 40 },
        { id: 1, status: 'ready', pingMs: 41 },
      ],
      guildCount: 1,
      latencyMs: 41,
    });
  });

  it('reads a cached guild', () => {
    expect(readGuildInfo(fakeClient([1]), { guildId: guildOnShard1 })).toEqual({
      id: guildOnShard1,
      name: 'Petal Club',
      memberCount: 42,
      iconUrl: 'https://cdn.example/icon.png',
    });
  });

  it('rejects an unknown guild', () => {
    expect(codeOf(() => readGuildInfo(fakeClient([1]), { guildId: '1' }))).toBe(IpcErrorCodes.NotFound);
  });

  it('rejects a missing guild id', () => {
    expect(codeOf(() => readGuildInfo(fakeClient([1]), { guildId: undefined }))).toBe(
      IpcErrorCodes.BadRequest,
    );
  });

  it('reads a cached user', () => {
    expect(readUserProfile(fakeClient([0]), { userId: '123456789012345678' })).toEqual({
      id: '123456789012345678',
      username: 'kumi',
      avatarUrl: 'https://cdn.example/a.png',
    });
  });

  it('rejects an invalid user id', () => {
    expect(codeOf(() => readUserProfile(fakeClient([0]), { userId: 12 }))).toBe(IpcErrorCodes.BadRequest);
  });
});

describe('startBotIpcWorker', () => {
  it('serves a guild from its shard', async () => {
    const broker = await startTestBroker();
    cleanups.push(() => broker.close());
    for (const shardId of [0, 1]) {
      const worker = startBotIpcWorker({
        client: fakeClient([shardId]),
        shardIds: [shardId],
        shardCount: 2,
        config: {
          workerEndpoint: broker.endpoints.worker,
          eventsEndpoint: '',
          curve: undefined,
          tuning: FastWorkerTuning,
        },
        logger,
      });
      cleanups.push(() => worker.close());
    }
    await waitFor(() => broker.workerCount === 2);
    const client = connectTestClient(broker);
    cleanups.push(() => client.close());

    const guild = await client.request<GuildInfoReply>(BotServices.guildInfo, null, {
      guildId: guildOnShard1,
    });
    expect(guild.name).toBe('Petal Club');
    const missing = await rejectionOf(client.request(BotServices.guildInfo, null, { guildId: '4194304000' }));
    expect(missing.code).toBe(IpcErrorCodes.NotFound);
  });
});

describe('createMarketEventSink', () => {
  it('publishes an event by type', async () => {
    const broker = await startTestBroker();
    cleanups.push(() => broker.close());
    const publisher = createEventPublisher({ endpoint: broker.endpoints.eventsIn }, logger);
    cleanups.push(() => publisher.close());
    const subscriber = createEventSubscriber({ endpoint: broker.endpoints.eventsOut }, logger);
    cleanups.push(() => subscriber.close());
    const seen: ReceivedEvent[] = [];
    subscriber.subscribe('balance.changed', (event) => seen.push(event));

    const sink = createMarketEventSink<{ type: 'balance.changed'; userId: string; balance: bigint }>(
      publisher,
      logger,
    );
    await waitFor(() => {
      if (seen.length === 0) sink.publish({ type: 'balance.changed', userId: '5', balance: 2n ** 60n });
      return seen.length > 0;
    }, 5_000);
    expect(seen[0]?.body).toEqual({ type: 'balance.changed', userId: '5', balance: (2n ** 60n).toString() });
  });

  it('swallows an invalid topic', () => {
    const publisher = {
      publisherId: 'x',
      publish: () => {
        throw new Error('bad topic');
      },
      close: () => {},
    };
    expect(() => createMarketEventSink(publisher, logger).publish({ type: 'Bad Topic' })).not.toThrow();
  });
});
