import type { BaseInteraction } from 'discord.js';

import type { Market } from '../../market/market';
import type { HandlerContext } from './handler-context';

/** Build a handler context from an interaction: the acting user, the guild, and the interaction id as key. */
export function contextFromInteraction(interaction: BaseInteraction, market: Market): HandlerContext {
  return {
    market,
    user: { id: interaction.user.id, username: interaction.user.username },
    guildId: interaction.guildId,
    interactionId: interaction.id,
  };
}
