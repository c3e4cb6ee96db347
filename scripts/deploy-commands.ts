import { Command, InvalidArgumentError } from 'commander';
import { REST, Routes } from 'discord.js';
import { z } from 'zod';

import { loadCommands } from '../services/bot/load-commands';
import { loadEnv } from '../services/config/load-env';
import { createLogger } from '../services/logging/logger';

// Registers the bot's slash commands with Discord: for one guild while developing (changes show at once), or
// globally. The bot never registers commands at startup.
const DeployEnvSchema = z.object({
  DISCORD_TOKEN: z.string({ required_error: 'required: the bot token from the Discord developer portal' }),
  DISCORD_APPLICATION_ID: z
    .string({ required_error: 'required: the application id from the Discord developer portal' })
    .regex(/^[1-9][0-9]{0,19}$/, 'expected a Discord snowflake (digits only)'),
  DISCORD_REST_URL: z.string().url('expected an http(s) URL such as http://127.0.0.1:3000/api').optional(),
});

async function main(argv: string[]): Promise<void> {
  const program = new Command('bot:deploy-commands')
    .description('Register the slash commands for one guild (--guild ID) or for every guild (--global).')
    .option('--guild <id>', 'guild (server) id to register the commands in, for development', parseSnowflake)
    .option('--global', 'register the commands for every guild; Discord may take up to an hour to show them')
    .option('--dry-run', 'print the command JSON instead of sending it')
    .showHelpAfterError();
  await program.parseAsync(argv);
  const options = program.opts<{ guild?: string; global?: boolean; dryRun?: boolean }>();

  const commands = await loadCommands();
  const body = [...commands.values()].map((command) => command.data.toJSON());
  if (options.dryRun) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  if (Boolean(options.guild) === Boolean(options.global)) {
    throw new InvalidArgumentError('pass exactly one of --guild ID or --global (or --dry-run).');
  }

  const env = loadEnv(DeployEnvSchema, process.env);
  const logger = createLogger({ name: 'deploy-commands', fd: 2 });
  const rest = new REST(env.DISCORD_REST_URL ? { api: env.DISCORD_REST_URL } : {}).setToken(
    env.DISCORD_TOKEN,
  );
  const route = options.guild
    ? Routes.applicationGuildCommands(env.DISCORD_APPLICATION_ID, options.guild)
    : Routes.applicationCommands(env.DISCORD_APPLICATION_ID);

  logger.info({ commands: [...commands.keys()], guildId: options.guild ?? null }, 'registering commands');
  const registered = (await rest.put(route, { body })) as unknown[];
  process.stdout.write(
    `Registered ${registered.length} command(s) ${options.guild ? `in guild ${options.guild}` : 'globally'}.\n`,
  );
}

function parseSnowflake(value: string): string {
  if (!/^[1-9][0-9]{0,19}$/.test(value)) throw new InvalidArgumentError('expected a guild id (digits only).');
  return value;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `bot:deploy-commands failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
