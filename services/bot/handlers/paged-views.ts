import type { Market } from '../../market/market';
import { EmbedColor, escapeMarkdown, formatPetals, listingLine, mention, pageCount } from '../format';
import type { PagedView, Reply } from '../reply';

/** Rows shown on one page of a list, search, inventory or leaderboard. */
export const PageSize = 5;

/** Render one page of a paged view. `pageIndex` counts from 0. */
export async function renderPagedView(market: Market, view: PagedView, pageIndex: number): Promise<Reply> {
  switch (view.kind) {
    case 'listings':
      return renderListings(market, view, pageIndex);
    case 'search':
      return renderSearch(market, view, pageIndex);
    case 'inventory':
      return renderInventory(market, view, pageIndex);
    case 'leaderboard':
      return renderLeaderboard(market, view, pageIndex);
  }
}

async function renderListings(
  market: Market,
  view: Extract<PagedView, { kind: 'listings' }>,
  pageIndex: number,
): Promise<Reply> {
  const page = await market.browseListings({
    sort: view.sort,
    includeOutOfStock: !view.inStockOnly,
    limit: PageSize,
    offset: pageIndex * PageSize,
  });
  const lines = page.items.map(listingLine);
  const body =
    lines.length > 0
      ? lines.join('\n\n')
      : 'Nothing is for sale right now. Use `/market sell` to list an item.';
  return paged(view, pageIndex, page.total, 'Marketplace', body);
}

async function renderSearch(
  market: Market,
  view: Extract<PagedView, { kind: 'search' }>,
  pageIndex: number,
): Promise<Reply> {
  const page = await market.searchListings({
    query: view.query,
    limit: PageSize,
    offset: pageIndex * PageSize,
  });
  const lines = page.items.map(listingLine);
  const body = lines.length > 0 ? lines.join('\n\n') : 'No listing matches that search.';
  return paged(view, pageIndex, page.total, `Search: ${escapeMarkdown(view.query)}`, body);
}

async function renderInventory(
  market: Market,
  view: Extract<PagedView, { kind: 'inventory' }>,
  pageIndex: number,
): Promise<Reply> {
  const user = { id: view.userId, username: view.username };
  const page = await market.getInventory(user, { limit: PageSize, offset: pageIndex * PageSize });
  const lines = page.items.map(
    (item) =>
      `**${escapeMarkdown(item.name)}** × ${item.quantity}${item.listingRemoved ? ' (no longer listed)' : ''}`,
  );
  const body =
    lines.length > 0 ? lines.join('\n') : 'Your inventory is empty. Buy something with `/market buy`.';
  return { ...paged(view, pageIndex, page.total, 'Your inventory', body), ephemeral: true };
}

async function renderLeaderboard(
  market: Market,
  view: Extract<PagedView, { kind: 'leaderboard' }>,
  pageIndex: number,
): Promise<Reply> {
  const page = await market.getLeaderboard({ limit: PageSize, offset: pageIndex * PageSize });
  const lines = page.items.map(
    (entry) => `${entry.rank}. ${mention(entry.userId)} · ${formatPetals(entry.balance)}`,
  );
  const body = lines.length > 0 ? lines.join('\n') : 'Nobody has any petals yet.';
  return paged(view, pageIndex, page.total, 'Richest users', body);
}

function paged(view: PagedView, pageIndex: number, total: number, title: string, body: string): Reply {
  const pages = pageCount(total, PageSize);
  return {
    embeds: [
      {
        title,
        description: body,
        color: EmbedColor,
        footer: { text: `Page ${pageIndex + 1} of ${pages} · ${total} in all` },
      },
    ],
    paging: { view, pageIndex, pageCount: pages },
  };
}
