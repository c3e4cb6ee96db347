import { SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import { handleInventory } from '../handlers/economy-handlers';
import { deferAndReply } from '../respond';

export const command = {
  data: new SlashCommandBuilder().setName('inventory').setDescription('Show the items you bought.'),
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: true }, () =>
      handleInventory(contextFromInteraction(interaction, services.market)),
    ),
} satisfies Command;
