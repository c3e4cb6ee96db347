import { randomBytes } from 'node:crypto';

import { createBot, type BotHandles } from '../../../services/bot/bot';
import { loadBotConfig } from '../../../services/bot/config';
import type { Logger } from '../../../services/logging/logger';
import { FakeDiscord } from './fake-discord';
import { buttonInteractionData, commandInteractionData, type FakeOption, type FakeUser } from './payloads';

/** A real bot logged in to a fake Discord. */
export interface BotHarness {
  fake: FakeDiscord;
  bot: BotHandles;
  /** Dispatch a slash command and return its interaction id and token. */
  sendCommand(user: FakeUser, commandName: string, options: FakeOption[]): { id: string; token: string };
  /** Dispatch a button click and return its interaction id and token. */
  clickButton(user: FakeUser, customId: string): { id: string; token: string };
  stop(): Promise<void>;
}

let interactionCounter = 0n;

function nextInteraction(): { id: string; token: string } {
  interactionCounter += 1n;
  return {
    id: String(1_600_000_000_000_000_000n + interactionCounter),
    token: `token-${randomBytes(8).toString('hex')}`,
  };
}

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
      const { id, token } = nextInteraction();
      fake.dispatch('INTERACTION_CREATE', commandInteractionData({ id, token, user, commandName, options }));
      return { id, token };
    },
    clickButton(user, customId) {
      const { id, token } = nextInteraction();
      fake.dispatch('INTERACTION_CREATE', buttonInteractionData({ id, token, user, customId }));
      return { id, token };
    },
    stop: async () => {
      await bot.stop();
      await fake.stop();
    },
  };
}
