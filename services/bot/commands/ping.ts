import { MessageFlags, SlashCommandBuilder } from 'discord.js';

import type { Command } from '../command';

export const command = {
  data: new SlashCommandBuilder()
    .setName('ping')
    .setDescription('Check that the bot answers, and its gateway latency.'),
  execute: async (interaction) => {
    const latency = interaction.client.ws.ping;
    const latencyText = latency >= 0 ? `${latency} ms` : 'not measured yet';
    await interaction.reply({
      content: `Pong! Gateway heartbeat latency: ${latencyText}.`,
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies Command;
