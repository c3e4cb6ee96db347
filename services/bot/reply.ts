import type { APIEmbed } from 'discord.js';

/** A view that spans pages, stored with a pager so Previous and Next can render any page of it again. */
export type PagedView =
  | { kind: 'listings'; sort: 'newest' | 'price_asc' | 'price_desc' | 'name'; inStockOnly: boolean }
  | { kind: 'search'; query: string }
  | { kind: 'inventory'; userId: string; username: string }
  | { kind: 'leaderboard' };

/**
 * Message description that a handler returns, independent of discord.js. The glue turns it into a reply, and
 * adds Previous and Next buttons when `paging` has more than one page.
 */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  /** True to show the reply only to the user who ran the command. */
  ephemeral?: boolean;
  paging?: { view: PagedView; pageIndex: number; pageCount: number };
}
