import type { APIEmbed } from 'discord.js';

import type { Listing } from '../market/types';

/** Embed colour of marketplace messages (a cherry-blossom pink, 0xF4A7B9). */
export const EmbedColor = 0xf4_a7_b9;

/** Write an amount with its unit, such as "1 petal" or "1,200 petals". */
export function formatPetals(amount: number): string {
  return `${amount.toLocaleString('en-US')} ${amount === 1 ? 'petal' : 'petals'}`;
}

/** Write a Discord relative timestamp, which each client shows in its own time zone. */
export function relativeTime(iso: string): string {
  return `<t:${Math.floor(Date.parse(iso) / 1_000)}:R>`;
}

/** Mention a user by id, which Discord shows as their name. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Describe one listing as an embed with its price, stock, seller and id. */
export function listingEmbed(listing: Listing): APIEmbed {
  return {
    title: listing.name,
    color: EmbedColor,
    ...(listing.description ? { description: listing.description } : {}),
    fields: [
      { name: 'Price', value: formatPetals(listing.price), inline: true },
      { name: 'Stock', value: listing.stock === 0 ? 'Out of stock' : String(listing.stock), inline: true },
      { name: 'Seller', value: mention(listing.sellerId), inline: true },
      { name: 'Listed', value: relativeTime(listing.listedAt), inline: true },
    ],
    footer: { text: `Listing ${listing.id}${listing.priceChanged ? ' · price already changed once' : ''}` },
  };
}

/** Write one listing as a line of a list: name, price, stock and id. */
export function listingLine(listing: Listing): string {
  const stock = listing.stock === 0 ? 'out of stock' : `${listing.stock} in stock`;
  return `**${escapeMarkdown(listing.name)}** · ${formatPetals(listing.price)} · ${stock}\n\`${listing.id}\``;
}

/** Escape Discord markdown characters in user-provided text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|>[\]()]/g, (character) => `\\${character}`);
}

/** Number of pages needed for `total` rows at `pageSize` rows a page, at least 1. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
