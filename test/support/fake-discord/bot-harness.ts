import { randomBytes } from 'node:crypto';

import { createBot, type BotHandles } from '../../../services/bot/bot';
import { loadBotConfig } from '../../../services/bot/config';
import type { Logger } from '../../../services/logging/logger';
import { FakeDiscord } from './fake-discord';
import { commandInteractionData, type FakeOption, type FakeUser } from './payloads';

/** A real bot logged in to a fake Discord. */
export interface BotHarness {
  fake: FakeDiscord;
  bot: BotHandles;
  /** Dispatch a slash command and return its interaction id and token. */
  sendCommand(user: FakeUser, commandName: string, options: FakeOption[]): { id: string; token: string };
  stop(): Promise<void>;
}

let interactionCounter = 0n;

/**
 * Start a fake Discord, build the bot from an environment that points `DISCORD_REST_URL` at it, log in, and
 * wait until the client is READY.
 */
export async function startBotHarness(input: {
  databaseUrl: string;
  logger: Logger;
  env?: Record<string, string>;
  poolSize?: number;
}): Promise<BotHarness> {
  const fake = new FakeDiscord();
  await fake.start();

  const config = loadBotConfig({
    DISCORD_TOKEN: 'fake-token-for-tests',
    DISCORD_APPLICATION_ID: '1100000000000000001',
    DISCORD_REST_URL: fake.restUrl,
    DATABASE_URL: input.databaseUrl,
    HEALTH_PORT: '0',
    ...input.env,
  });
  const bot = await createBot(config, input.logger, {
    healthHost: '127.0.0.1',
    poolSize: input.poolSize ?? 10,
  });
  try {
    const ready = new Promise<void>((resolve) => bot.client.once('clientReady', () => resolve()));
    await bot.start();
    await ready;
  } catch (error) {
    await bot.stop();
    await fake.stop();
    throw error;
  }

  return {
    fake,
    bot,
    sendCommand(user, commandName, options) {
      interactionCounter += 1n;
      const id = String(1_600_000_000_000_000_000n + interactionCounter);
      const token = `token-${randomBytes(8).toString('hex')}`;
      fake.dispatch('INTERACTION_CREATE', commandInteractionData({ id, token, user, commandName, options }));
      return { id, token };
    },
    stop: async () => {
      await bot.stop();
      await fake.stop();
    },
  };
}
