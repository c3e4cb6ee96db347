import {
  MessageFlags,
  type ActionRowBuilder,
  type ButtonBuilder,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type RepliableInteraction,
} from 'discord.js';

import type { Logger } from '../logging/logger';
import { isMarketError } from '../market/errors';
import type { BotServices } from './command';
import { GenericFailureMessage } from './errors';
import type { Reply } from './reply';

/**
 * Defer the reply, run a handler, and edit the deferred reply with what it returns, adding pager buttons for a
 * reply with more than one page. Deferring first gives the handler Discord's 15 minutes instead of 3 seconds.
 * A thrown error is left to the caller, which turns it into an ephemeral reply with {@link sendErrorReply}.
 */
export async function deferAndReply(
  interaction: ChatInputCommandInteraction,
  services: BotServices,
  options: { ephemeral: boolean },
  produce: () => Promise<Reply>,
): Promise<void> {
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await produce();
  const components = services.pager.open(interaction, reply);
  await interaction.editReply(toEditOptions(reply, components));
}

/** Convert a {@link Reply} to discord.js edit options. */
export function toEditOptions(
  reply: Reply,
  components: Array<ActionRowBuilder<ButtonBuilder>> = [],
): InteractionEditReplyOptions {
  return {
    content: reply.content ?? '',
    embeds: reply.embeds ?? [],
    components,
    allowedMentions: { parse: [] },
  };
}

/**
 * Show an error to the user who ran the interaction, ephemerally, in whatever state the interaction is. A
 * MarketError shows its user message; anything else shows a generic sentence, never the error itself.
 */
export async function sendErrorReply(
  interaction: RepliableInteraction,
  error: unknown,
  logger: Logger,
): Promise<void> {
  const content = isMarketError(error) ? error.userMessage : GenericFailureMessage;
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
      await interaction.editReply({ content, embeds: [], components: [] });
      return;
    }
    // A public deferred reply cannot turn ephemeral, so it is removed and the error follows privately.
    if (interaction.deferred && !interaction.replied) await interaction.deleteReply();
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch (sendError) {
    logger.warn({ err: sendError, interactionId: interaction.id }, 'sending the error reply failed');
  }
}
