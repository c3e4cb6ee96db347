/** Economy rules of a marketplace. */
export interface MarketOptions {
  /** Petals burned when a listing is created. 0 disables the fee. */
  listingFee: number;
  /** Time a user waits after creating a listing before creating the next one. */
  listingCooldownMs: number;
  /** Petals minted by one daily reward. */
  dailyRewardAmount: number;
  /** Time between two daily rewards of one user. */
  dailyCooldownMs: number;
  /** Maximum length of a listing description, in characters. */
  descriptionMaxLength: number;
  /** Maximum rows in one page of a browse, search, inventory or leaderboard request. */
  pageSizeMax: number;
}

const HourMs = 3_600_000;

export const DefaultMarketOptions = {
  listingFee: 10,
  listingCooldownMs: 12 * HourMs,
  dailyRewardAmount: 100,
  dailyCooldownMs: 24 * HourMs,
  descriptionMaxLength: 1_000,
  pageSizeMax: 50,
} as const satisfies Required<MarketOptions>;
