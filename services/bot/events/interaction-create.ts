import { Events, MessageFlags, type Interaction } from 'discord.js';

import { isMarketError } from '../../market/errors';
import type { BotEvent } from '../bot-event';
import type { BotServices } from '../command';
import { Pager } from '../pager';
import { sendErrorReply } from '../respond';

export const event: BotEvent<Events.InteractionCreate> = {
  name: Events.InteractionCreate,
  execute: (services, interaction) => routeInteraction(services, interaction),
};

/**
 * Dispatch one interaction to its command, autocomplete or pager button, with metrics, in-flight tracking and
 * error replies. Once shutdown began, new interactions get a short ephemeral notice instead.
 */
export async function routeInteraction(services: BotServices, interaction: Interaction): Promise<void> {
  if (!services.inflight.isAccepting) {
    if (interaction.isRepliable()) {
      await interaction
        .reply({
          content: 'The bot is restarting. Please try again in a moment.',
          flags: MessageFlags.Ephemeral,
        })
        .catch(() => {});
    }
    return;
  }

  const label = describe(interaction);
  const stopTimer = services.metrics.interactionSeconds.startTimer({ command: label });
  services.metrics.inflight.inc();
  try {
    await services.inflight.track(() => dispatch(services, interaction));
    services.metrics.interactions.inc({ command: label, outcome: 'ok' });
  } catch (error) {
    await handleFailure(services, interaction, label, error);
  } finally {
    services.metrics.inflight.dec();
    stopTimer();
  }
}

async function dispatch(services: BotServices, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const command = services.commands.get(interaction.commandName);
    if (!command)
      throw new Error(`No handler for /${interaction.commandName}; deploy-commands may be out of date.`);
    await command.execute(interaction, services);
    return;
  }
  if (interaction.isAutocomplete()) {
    const command = services.commands.get(interaction.commandName);
    await (command?.autocomplete ? command.autocomplete(interaction, services) : interaction.respond([]));
    return;
  }
  if (interaction.isButton() && Pager.owns(interaction.customId)) {
    await services.pager.handleButton(interaction);
  }
}

async function handleFailure(services: BotServices, interaction: Interaction, label: string, error: unknown) {
  const expected = isMarketError(error);
  services.metrics.interactions.inc({ command: label, outcome: expected ? 'rejected' : 'failed' });

  const ids = {
    command: label,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    interactionId: interaction.id,
  };
  if (expected) services.logger.info({ ...ids, code: error.code }, 'command rejected');
  else services.logger.error({ ...ids, err: error }, 'command failed');

  if (interaction.isAutocomplete()) {
    await interaction.respond([]).catch(() => {});
    return;
  }
  if (interaction.isRepliable()) await sendErrorReply(interaction, error, services.logger);
}

function describe(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const subcommand = interaction.options.getSubcommand(false);
    return subcommand ? `${interaction.commandName} ${subcommand}` : interaction.commandName;
  }
  if (interaction.isButton() && Pager.owns(interaction.customId)) return 'pager';
  return 'other';
}
