import {
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';

import { ListingSorts, type ListingSort } from '../../market/browse-listings';
import { ListingNameMaxLength, SearchTermMaxLength } from '../../market/validation';
import type { BotServices, Command } from '../command';
import { contextFromInteraction } from '../handlers/context-from-interaction';
import {
  handleBuy,
  handleList,
  handleRemove,
  handleReprice,
  handleRestock,
  handleSearch,
  handleSell,
  handleView,
  suggestListings,
} from '../handlers/market-handlers';
import type { Reply } from '../reply';
import { deferAndReply } from '../respond';

// Discord's integer options hold values up to 2^53; stock and quantities are PostgreSQL integers.
const IntegerColumnMax = 2_147_483_647;

const SortLabels: Record<ListingSort, string> = {
  newest: 'Newest first',
  price_asc: 'Cheapest first',
  price_desc: 'Most expensive first',
  name: 'By name',
};

function listingOption(subcommand: SlashCommandSubcommandBuilder, description: string) {
  return subcommand.addStringOption((option) =>
    option.setName('listing').setDescription(description).setRequired(true).setAutocomplete(true),
  );
}

const data = new SlashCommandBuilder()
  .setName('market')
  .setDescription('Buy and sell items on the player marketplace.')
  .addSubcommand((sub) =>
    sub
      .setName('list')
      .setDescription('Browse the listings on sale.')
      .addStringOption((option) =>
        option
          .setName('sort')
          .setDescription('Order of the listings (default: newest first).')
          .addChoices(...ListingSorts.map((sort) => ({ name: SortLabels[sort], value: sort }))),
      )
      .addBooleanOption((option) =>
        option.setName('in_stock_only').setDescription('Hide listings that are sold out.'),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('search')
      .setDescription('Search listings by name.')
      .addStringOption((option) =>
        option
          .setName('query')
          .setDescription('Part of the name, any case.')
          .setRequired(true)
          .setMaxLength(SearchTermMaxLength),
      ),
  )
  .addSubcommand((sub) =>
    listingOption(sub.setName('view').setDescription('Show one listing.'), 'Listing to show.'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('sell')
      .setDescription('Put an item on sale. A listing fee applies, and one listing per cooldown.')
      .addStringOption((option) =>
        option
          .setName('name')
          .setDescription('Item name.')
          .setRequired(true)
          .setMaxLength(ListingNameMaxLength),
      )
      .addIntegerOption((option) =>
        option
          .setName('price')
          .setDescription('Price of one unit, in petals.')
          .setRequired(true)
          .setMinValue(0),
      )
      .addIntegerOption((option) =>
        option
          .setName('stock')
          .setDescription('Units for sale.')
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(IntegerColumnMax),
      )
      .addStringOption((option) =>
        option.setName('description').setDescription('Optional description.').setMaxLength(1_000),
      ),
  )
  .addSubcommand((sub) =>
    listingOption(
      sub.setName('buy').setDescription('Buy units of a listing.'),
      'Listing to buy from.',
    ).addIntegerOption((option) =>
      option
        .setName('quantity')
        .setDescription('Units to buy (default 1).')
        .setMinValue(1)
        .setMaxValue(IntegerColumnMax),
    ),
  )
  .addSubcommand((sub) =>
    listingOption(
      sub.setName('restock').setDescription('Add stock to your listing.'),
      'Your listing.',
    ).addIntegerOption((option) =>
      option
        .setName('amount')
        .setDescription('Units to add.')
        .setRequired(true)
        .setMinValue(1)
        .setMaxValue(IntegerColumnMax),
    ),
  )
  .addSubcommand((sub) =>
    listingOption(
      sub.setName('reprice').setDescription('Change the price of your listing (once per listing).'),
      'Your listing.',
    ).addIntegerOption((option) =>
      option
        .setName('price')
        .setDescription('New price of one unit, in petals.')
        .setRequired(true)
        .setMinValue(0),
    ),
  )
  .addSubcommand((sub) =>
    listingOption(
      sub.setName('remove').setDescription('Take your listing off the marketplace.'),
      'Your listing.',
    ),
  );

function runSubcommand(interaction: ChatInputCommandInteraction, services: BotServices): Promise<Reply> {
  const context = contextFromInteraction(interaction, services.market);
  const options = interaction.options;
  switch (options.getSubcommand(true)) {
    case 'list':
      return handleList(context, {
        sort: (options.getString('sort') as ListingSort | null) ?? 'newest',
        inStockOnly: options.getBoolean('in_stock_only') ?? false,
      });
    case 'search':
      return handleSearch(context, { query: options.getString('query', true) });
    case 'view':
      return handleView(context, { listingId: options.getString('listing', true) });
    case 'sell':
      return handleSell(context, {
        name: options.getString('name', true),
        price: options.getInteger('price', true),
        stock: options.getInteger('stock', true),
        description: options.getString('description'),
      });
    case 'buy':
      return handleBuy(context, {
        listingId: options.getString('listing', true),
        quantity: options.getInteger('quantity'),
      });
    case 'restock':
      return handleRestock(context, {
        listingId: options.getString('listing', true),
        amount: options.getInteger('amount', true),
      });
    case 'reprice':
      return handleReprice(context, {
        listingId: options.getString('listing', true),
        price: options.getInteger('price', true),
      });
    case 'remove':
      return handleRemove(context, { listingId: options.getString('listing', true) });
    default:
      throw new Error(`Unknown /market subcommand "${options.getSubcommand(true)}".`);
  }
}

export const command = {
  data,
  execute: (interaction, services) =>
    deferAndReply(interaction, services, { ephemeral: false }, () => runSubcommand(interaction, services)),
  autocomplete: async (interaction, services) => {
    const focused = interaction.options.getFocused(true);
    const choices = focused.name === 'listing' ? await suggestListings(services, String(focused.value)) : [];
    await interaction.respond(choices);
  },
} satisfies Command;
