import { SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import { handleBalance } from '../handlers/economy-handlers';
import { deferAndReply } from '../respond';

export const command = {
  data: new SlashCommandBuilder().setName('balance').setDescription('Show how many petals you have.'),
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: true }, () =>
      handleBalance(contextFromInteraction(interaction, services.market)),
    ),
} satisfies Command;
