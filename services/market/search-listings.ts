import { MarketError, MarketErrorCodes } from './errors';
import { ListingColumns, ListingSource, toListing, type ListingRow } from './listing-row';
import { withTransaction } from './transaction';
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
 * Minimum pg_trgm word similarity for a fuzzy match. At 0.4 a word missing one letter still matches ("shild"
 * scores 0.5 against "Silver Shield"), which pg_trgm's default of 0.6 misses. Swapped letters score lower
 * ("sheild" scores 0.29) and do not match.
 */
const WordSimilarityThreshold = 0.4;

/**
 * Search listing names case-insensitively. A name matches when it contains the term (`ILIKE '%term%'`, so
 * partial words match) or when pg_trgm's `<%` finds a word close to it (word_similarity at or above
 * {@link WordSimilarityThreshold}, so small typos match). Both predicates use the trigram
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

  const [rows, count] = await withTransaction(context.pool, async (client) => {
    await client.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${WordSimilarityThreshold}`);
    const found = await client.query<ListingRow>(
      `SELECT ${ListingColumns} FROM ${ListingSource} WHERE ${where}
       ORDER BY (l.name ILIKE $1) DESC, word_similarity($2, l.name) DESC, similarity($2, l.name) DESC,
                l.listed_at DESC, l.id DESC
       LIMIT $3 OFFSET $4`,
      [pattern, term, limit, offset],
    );
    const counted = await client.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM marketplace_listings l WHERE ${where}`,
      [pattern, term],
    );
    return [found, counted] as const;
  });
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
