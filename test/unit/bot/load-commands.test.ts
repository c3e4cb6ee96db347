import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { BotErrorCodes } from '../../../services/bot/errors';
import { loadCommands } from '../../../services/bot/load-commands';

const fixtures = path.join(__dirname, 'fixtures');

describe('loadCommands', () => {
  it('loads every bot command', async () => {
    const commands = await loadCommands();

    expect([...commands.keys()]).toEqual([
      'balance',
      'daily',
      'inventory',
      'leaderboard',
      'market',
      'pay',
      'ping',
    ]);
  });

  it('market has every subcommand', async () => {
    const market = (await loadCommands()).get('market')!.data.toJSON();

    expect(market.options?.map((option) => option.name)).toEqual([
      'list',
      'search',
      'view',
      'sell',
      'buy',
      'restock',
      'reprice',
      'remove',
    ]);
  });

  it('names an invalid module', async () => {
    const attempt = loadCommands(path.join(fixtures, 'bad-commands'));

    await expect(attempt).rejects.toMatchObject({ code: BotErrorCodes.InvalidCommandModule });
    await expect(attempt).rejects.toThrow(/broken\.ts: `command\.execute` is not a function/);
  });

  it('rejects a name unlike the file', async () => {
    const attempt = loadCommands(path.join(fixtures, 'misnamed-commands'));

    await expect(attempt).rejects.toThrow(/other\.ts: it defines \/different/);
  });
});
