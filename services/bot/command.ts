import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

import type { Logger } from '../logging/logger';
import type { Market } from '../market/market';
import type { InflightTracker } from './inflight';
import type { BotMetrics } from './metrics';
import type { Pager } from './pager';

/** Services that commands and event handlers use. */
export interface BotServices {
  market: Market;
  logger: Logger;
  pager: Pager;
  metrics: BotMetrics;
  inflight: InflightTracker;
  commands: ReadonlyMap<string, Command>;
}

/**
 * A slash command module: the definition registered with Discord and the code that runs it. Each file in
 * `services/bot/commands/` exports one as `command`, checked with `satisfies Command`, named like the file.
 */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Run the command. A thrown error becomes an ephemeral reply: the user message of a MarketError, else a generic one. */
  execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void>;
  /** Respond to autocomplete requests of the command's options, when it has any. */
  autocomplete?(interaction: AutocompleteInteraction, services: BotServices): Promise<void>;
}

/** Return why a module's `command` export is not a valid {@link Command}, or undefined when it is. */
export function findCommandProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return 'it has no `command` export';

  const command = candidate as Partial<Record<keyof Command, unknown>>;
  const data = command.data as { name?: unknown; toJSON?: unknown } | undefined;
  if (typeof data !== 'object' || data === null) return '`command.data` is missing';
  if (typeof data.name !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(data.name)) {
    return '`command.data.name` is not a valid command name (1 to 32 lowercase letters, digits, - or _)';
  }
  if (typeof data.toJSON !== 'function')
    return '`command.data.toJSON` is not a function (use SlashCommandBuilder)';
  if (typeof command.execute !== 'function') return '`command.execute` is not a function';
  if (command.autocomplete !== undefined && typeof command.autocomplete !== 'function') {
    return '`command.autocomplete` is set but is not a function';
  }
  return undefined;
}
