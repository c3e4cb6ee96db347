import { SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import { handlePay } from '../handlers/economy-handlers';
import { deferAndReply } from '../respond';

export const command = {
  data: new SlashCommandBuilder()
    .setName('pay')
    .setDescription('Give petals to another user.')
    .addUserOption((option) =>
      option.setName('user').setDescription('Who receives the petals.').setRequired(true),
    )
    .addIntegerOption((option) =>
      option.setName('amount').setDescription('Petals to give.').setRequired(true).setMinValue(1),
    ),
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: false }, () => {
      const recipient = interaction.options.getUser('user', true);
      return handlePay(contextFromInteraction(interaction, services.market), {
        to: { id: recipient.id, username: recipient.username },
        amount: interaction.options.getInteger('amount', true),
      });
    }),
} satisfies Command;
