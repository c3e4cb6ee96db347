import type pg from 'pg';

import { createSilentLogger, type Logger } from '../logging/logger';
import { grantPetals } from './admin-grant';
import { getBalance } from './balance';
import { browseListings, type BrowseRequest } from './browse-listings';
import { buyListing, type BuyListingRequest } from './buy-listing';
import { checkConservation } from './conservation';
import { createListing, type CreateListingRequest } from './create-listing';
import { claimDailyReward } from './daily-reward';
import { NoopMarketEventSink, type MarketEventSink } from './events';
import { getInventory } from './inventory';
import { getLeaderboard } from './leaderboard';
import { removeListing, repriceListing, restockListing, type SellerRequest } from './manage-listing';
import { DefaultMarketOptions, type MarketOptions } from './options';
import { payUser, type PayRequest } from './pay';
import { searchListings, type SearchRequest } from './search-listings';
import type { MarketContext, MutationRequest, PageRequest, UserRef } from './types';
import { viewListing } from './view-listing';

/** Input of {@link createMarket}. */
export interface CreateMarketOptions {
  pool: pg.Pool;
  options?: Partial<MarketOptions>;
  /** Receives events after each commit. Defaults to a sink that drops them. */
  sink?: MarketEventSink;
  logger?: Logger;
  /** Current time for cooldowns and timestamps. Defaults to the system clock. */
  clock?: () => Date;
}

/**
 * Create the marketplace and economy domain over one PostgreSQL pool. Every method is one transaction at most,
 * and every mutating method takes an idempotency key.
 */
export function createMarket(input: CreateMarketOptions) {
  const context: MarketContext = {
    pool: input.pool,
    options: { ...DefaultMarketOptions, ...input.options },
    sink: input.sink ?? NoopMarketEventSink,
    logger: (input.logger ?? createSilentLogger()).child({ module: 'market' }),
    clock: input.clock ?? (() => new Date()),
  };

  return {
    context,
    browseListings: (request?: BrowseRequest) => browseListings(context, request),
    searchListings: (request: SearchRequest) => searchListings(context, request),
    viewListing: (listingId: string) => viewListing(context, listingId),
    createListing: (request: CreateListingRequest) => createListing(context, request),
    buyListing: (request: BuyListingRequest) => buyListing(context, request),
    restockListing: (request: SellerRequest & { amount: number }) => restockListing(context, request),
    repriceListing: (request: SellerRequest & { price: number }) => repriceListing(context, request),
    removeListing: (request: SellerRequest) => removeListing(context, request),
    getBalance: (user: UserRef) => getBalance(context, user),
    claimDailyReward: (request: MutationRequest & { user: UserRef }) => claimDailyReward(context, request),
    payUser: (request: PayRequest) => payUser(context, request),
    getInventory: (user: UserRef, page?: PageRequest) => getInventory(context, user, page),
    getLeaderboard: (page?: PageRequest) => getLeaderboard(context, page),
    grantPetals: (request: MutationRequest & { user: UserRef; amount: number }) =>
      grantPetals(context, request),
    checkConservation: () => checkConservation(context.pool),
  };
}

/** The marketplace and economy domain returned by {@link createMarket}. */
export type Market = ReturnType<typeof createMarket>;
