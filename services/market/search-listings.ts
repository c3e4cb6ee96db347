import { MarketError, MarketErrorCodes } from './errors';
import { ListingColumns, ListingSource, toListing, type ListingRow } from './listing-row';
import type { Listing, MarketContext, Page, PageRequest } from './types';
import { SearchTermMaxLength, validatePage } from './validation';

/** Input of {@link searchListings}. */
export interface SearchRequest extends PageRequest {
  query: string;
  /** When false, listings with no stock left are left out. Defaults to true. */
  includeOutOfStock?: boolean;
}

/** Escape `\`, `%` and `_` so user text matches literally inside a LIKE pattern with the default escape `\`. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Search listing names case-insensitively. A name matches when it contains the term (`ILIKE '%term%'`, so
 * partial words match) or when pg_trgm's `<%` finds a word close to it (word_similarity at or above
 * `pg_trgm.word_similarity_threshold`, 0.6 by default, so small typos match). Both predicates use the trigram
 * index. Names containing the term come first, then by word similarity, similarity and newest.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_SEARCH` for an empty or too long term, and
 *   `KUMIKO_MARKET_INVALID_PAGE` for a bad limit or offset.
 */
export async function searchListings(context: MarketContext, request: SearchRequest): Promise<Page<Listing>> {
  const { limit, offset } = validatePage(request, context.options.pageSizeMax);
  const term = validateSearchTerm(request.query);
  const pattern = `%${escapeLikePattern(term)}%`;
  const stock = request.includeOutOfStock === false ? 'AND l.stock > 0' : '';
  const where = `l.removed_at IS NULL ${stock} AND (l.name ILIKE $1 OR $2 <% l.name)`;

  const [rows, count] = await Promise.all([
    context.pool.query<ListingRow>(
      `SELECT ${ListingColumns} FROM ${ListingSource} WHERE ${where}
       ORDER BY (l.name ILIKE $1) DESC, word_similarity($2, l.name) DESC, similarity($2, l.name) DESC,
                l.listed_at DESC, l.id DESC
       LIMIT $3 OFFSET $4`,
      [pattern, term, limit, offset],
    ),
    context.pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM marketplace_listings l WHERE ${where}`,
      [pattern, term],
    ),
  ]);
  return { items: rows.rows.map(toListing), total: count.rows[0]?.total ?? 0, limit, offset };
}

function validateSearchTerm(query: string): string {
  const term = typeof query === 'string' ? query.replace(/\0/g, '').trim() : '';
  if (term.length < 1 || term.length > SearchTermMaxLength) {
    throw new MarketError(
      MarketErrorCodes.InvalidSearch,
      `Invalid search term of ${term.length} characters: expected 1 to ${SearchTermMaxLength}.`,
      { userMessage: `Type between 1 and ${SearchTermMaxLength} characters to search.` },
    );
  }
  return term;
}
