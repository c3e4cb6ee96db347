import { SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import { handleLeaderboard } from '../handlers/economy-handlers';
import { deferAndReply } from '../respond';

export const command = {
  data: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('Show the users with the most petals.'),
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: false }, () =>
      handleLeaderboard(contextFromInteraction(interaction, services.market)),
    ),
} satisfies Command;
