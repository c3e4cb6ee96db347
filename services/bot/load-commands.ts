import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { findCommandProblem, type Command } from './command';
import { BotError, BotErrorCodes } from './errors';

/** Folder of the slash command modules, one file per command. */
export const CommandsDir = path.join(__dirname, 'commands');

/**
 * Import every command module of a folder and check its shape, so a broken file stops startup with its name
 * instead of failing when a user runs it. A command must be named like its file (`market.ts` is `/market`).
 *
 * @throws BotError `KUMIKO_BOT_INVALID_COMMAND_MODULE` naming the file and what is wrong, or
 *   `KUMIKO_BOT_DUPLICATE_COMMAND` when two files define the same name.
 */
export async function loadCommands(directory = CommandsDir): Promise<Map<string, Command>> {
  const files = (await readdir(directory))
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !/\.test\.(ts|js)$/.test(file))
    .sort();

  const commands = new Map<string, Command>();
  for (const file of files) {
    const command = await importCommand(path.join(directory, file));
    if (commands.has(command.data.name)) {
      throw new BotError(
        BotErrorCodes.DuplicateCommand,
        `Command module ${file} defines /${command.data.name}, which another file already defines. Rename one of them.`,
      );
    }
    commands.set(command.data.name, command);
  }
  return commands;
}

async function importCommand(file: string): Promise<Command> {
  let exported: unknown;
  try {
    const module = (await import(pathToFileURL(file).href)) as { command?: unknown };
    exported = module.command;
  } catch (error) {
    throw invalidModule(file, `importing it failed: ${(error as Error).message}`, error);
  }

  const problem = findCommandProblem(exported);
  if (problem !== undefined) throw invalidModule(file, problem);

  const command = exported as Command;
  const expectedName = path.basename(file).replace(/\.(ts|js)$/, '');
  if (command.data.name !== expectedName) {
    throw invalidModule(
      file,
      `it defines /${command.data.name}, but its file name expects /${expectedName}; rename one of them`,
    );
  }
  return command;
}

function invalidModule(file: string, problem: string, cause?: unknown): BotError {
  return new BotError(
    BotErrorCodes.InvalidCommandModule,
    `Invalid command module ${file}: ${problem}. Export \`command\` as { data, execute } satisfies Command.`,
    cause === undefined ? undefined : { cause },
  );
}
