import { SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import { handleDaily } from '../handlers/economy-handlers';
import { deferAndReply } from '../respond';

export const command = {
  data: new SlashCommandBuilder().setName('daily').setDescription('Claim your daily petals.'),
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: false }, () =>
      handleDaily(contextFromInteraction(interaction, services.market)),
    ),
} satisfies Command;
