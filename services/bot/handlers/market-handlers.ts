import type { ListingSort } from '../../market/browse-listings';
import { escapeMarkdown, formatPetals, listingEmbed } from '../format';
import type { Reply } from '../reply';
import type { HandlerContext } from './handler-context';
import { renderPagedView } from './paged-views';

/** Show the first page of the marketplace. */
export function handleList(
  context: HandlerContext,
  options: { sort?: ListingSort; inStockOnly?: boolean },
): Promise<Reply> {
  const view = {
    kind: 'listings' as const,
    sort: options.sort ?? 'newest',
    inStockOnly: options.inStockOnly ?? false,
  };
  return renderPagedView(context.market, view, 0);
}

/** Show the first page of a name search. @throws MarketError `KUMIKO_MARKET_INVALID_SEARCH`. */
export function handleSearch(context: HandlerContext, options: { query: string }): Promise<Reply> {
  return renderPagedView(context.market, { kind: 'search', query: options.query.trim() }, 0);
}

/** Show one listing. @throws MarketError `KUMIKO_MARKET_LISTING_NOT_FOUND`. */
export async function handleView(context: HandlerContext, options: { listingId: string }): Promise<Reply> {
  const listing = await context.market.viewListing(options.listingId);
  return { embeds: [listingEmbed(listing)] };
}

/**
 * Create a listing for the user.
 *
 * @throws MarketError for invalid input, the listing cooldown or a balance below the fee.
 */
export async function handleSell(
  context: HandlerContext,
  options: { name: string; price: number; stock: number; description?: string | null },
): Promise<Reply> {
  const created = await context.market.createListing({
    seller: context.user,
    name: options.name,
    description: options.description ?? null,
    price: options.price,
    stock: options.stock,
    idempotencyKey: context.interactionId,
  });
  const fee =
    created.fee > 0
      ? ` The listing fee of ${formatPetals(created.fee)} was paid; you have ${formatPetals(created.balance)} left.`
      : '';
  return {
    content: `Listed **${escapeMarkdown(created.name)}**: ${created.stock} at ${formatPetals(created.price)} each.${fee}\nListing id: \`${created.listingId}\``,
  };
}

/**
 * Buy units of a listing for the user.
 *
 * @throws MarketError for an invalid quantity, a missing listing, the user's own listing, short stock or balance.
 */
export async function handleBuy(
  context: HandlerContext,
  options: { listingId: string; quantity?: number | null },
): Promise<Reply> {
  const bought = await context.market.buyListing({
    buyer: context.user,
    listingId: options.listingId,
    quantity: options.quantity ?? 1,
    idempotencyKey: context.interactionId,
  });
  return {
    content:
      `You bought ${bought.quantity} × **${escapeMarkdown(bought.name)}** for ${formatPetals(bought.total)}. ` +
      `You now own ${bought.ownedQuantity} and have ${formatPetals(bought.buyerBalance)} left.`,
  };
}

/** Add stock to the user's listing. @throws MarketError for a bad amount, a missing listing or a non-seller. */
export async function handleRestock(
  context: HandlerContext,
  options: { listingId: string; amount: number },
): Promise<Reply> {
  const restocked = await context.market.restockListing({
    seller: context.user,
    listingId: options.listingId,
    amount: options.amount,
    idempotencyKey: context.interactionId,
  });
  return { content: `**${escapeMarkdown(restocked.name)}** now has ${restocked.stock} in stock.` };
}

/** Change the price of the user's listing once. @throws MarketError including `_PRICE_ALREADY_CHANGED`. */
export async function handleReprice(
  context: HandlerContext,
  options: { listingId: string; price: number },
): Promise<Reply> {
  const repriced = await context.market.repriceListing({
    seller: context.user,
    listingId: options.listingId,
    price: options.price,
    idempotencyKey: context.interactionId,
  });
  return {
    content: `**${escapeMarkdown(repriced.name)}** now costs ${formatPetals(repriced.price)}. Its price cannot change again.`,
  };
}

/** Remove the user's listing from the marketplace. @throws MarketError for a missing listing or a non-seller. */
export async function handleRemove(context: HandlerContext, options: { listingId: string }): Promise<Reply> {
  const removed = await context.market.removeListing({
    seller: context.user,
    listingId: options.listingId,
    idempotencyKey: context.interactionId,
  });
  return { content: `**${escapeMarkdown(removed.name)}** was removed from the marketplace.` };
}

/** Maximum choices Discord accepts in one autocomplete response. */
const AutocompleteChoicesMax = 25;

/** Maximum length of an autocomplete choice name, set by Discord. */
const ChoiceNameMaxLength = 100;

/**
 * Suggest listings for a listing option: a name search on what the user typed, or the newest listings when
 * nothing is typed yet. Each choice's value is the listing id.
 */
export async function suggestListings(
  context: Pick<HandlerContext, 'market'>,
  typed: string,
): Promise<Array<{ name: string; value: string }>> {
  const query = typed.trim().slice(0, 100);
  const page =
    query.length === 0
      ? await context.market.browseListings({ limit: AutocompleteChoicesMax, includeOutOfStock: false })
      : await context.market.searchListings({ query, limit: AutocompleteChoicesMax });
  return page.items.map((listing) => ({
    name: truncate(
      `${listing.name} · ${formatPetals(listing.price)} · ${listing.stock} left`,
      ChoiceNameMaxLength,
    ),
    value: listing.id,
  }));
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
