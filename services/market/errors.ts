/** Stable codes of the marketplace and economy errors. A code is never reused for another meaning. */
export const MarketErrorCodes = {
  InvalidUser: 'KUMIKO_MARKET_INVALID_USER',
  InvalidName: 'KUMIKO_MARKET_INVALID_NAME',
  InvalidDescription: 'KUMIKO_MARKET_INVALID_DESCRIPTION',
  InvalidPrice: 'KUMIKO_MARKET_INVALID_PRICE',
  InvalidStock: 'KUMIKO_MARKET_INVALID_STOCK',
  InvalidQuantity: 'KUMIKO_MARKET_INVALID_QUANTITY',
  InvalidAmount: 'KUMIKO_MARKET_INVALID_AMOUNT',
  InvalidPage: 'KUMIKO_MARKET_INVALID_PAGE',
  InvalidSearch: 'KUMIKO_MARKET_INVALID_SEARCH',
  InvalidIdempotencyKey: 'KUMIKO_MARKET_INVALID_IDEMPOTENCY_KEY',
  ListingNotFound: 'KUMIKO_MARKET_LISTING_NOT_FOUND',
  OwnListing: 'KUMIKO_MARKET_OWN_LISTING',
  NotSeller: 'KUMIKO_MARKET_NOT_SELLER',
  InsufficientBalance: 'KUMIKO_MARKET_INSUFFICIENT_BALANCE',
  InsufficientStock: 'KUMIKO_MARKET_INSUFFICIENT_STOCK',
  ListingCooldown: 'KUMIKO_MARKET_LISTING_COOLDOWN',
  DailyCooldown: 'KUMIKO_MARKET_DAILY_COOLDOWN',
  PriceAlreadyChanged: 'KUMIKO_MARKET_PRICE_ALREADY_CHANGED',
  SelfPayment: 'KUMIKO_MARKET_SELF_PAYMENT',
  IdempotencyConflict: 'KUMIKO_MARKET_IDEMPOTENCY_CONFLICT',
  ValueOutOfRange: 'KUMIKO_MARKET_VALUE_OUT_OF_RANGE',
} as const;

export type MarketErrorCode = (typeof MarketErrorCodes)[keyof typeof MarketErrorCodes];

/** Options of {@link MarketError}. */
export interface MarketErrorOptions {
  /** Sentence for the person who made the request: plain words, no ids of internals, no stack. */
  userMessage: string;
  /** Values a caller may show or act on, such as the balance that was short or when a cooldown ends. */
  details?: Readonly<Record<string, string | number | boolean | null>>;
  cause?: unknown;
}

/**
 * An expected failure of a marketplace operation, such as a short balance or a missing listing. `message` is for
 * logs and developers, and `userMessage` is safe to show in Discord as it is.
 */
export class MarketError extends Error {
  readonly code: MarketErrorCode;
  readonly userMessage: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;

  constructor(code: MarketErrorCode, message: string, options: MarketErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage;
    this.details = options.details ?? {};
  }

  override get name(): string {
    return `MarketError [${this.code}]`;
  }
}

/** Tell whether a value is a {@link MarketError}, optionally with a given code. */
export function isMarketError(value: unknown, code?: MarketErrorCode): value is MarketError {
  return value instanceof MarketError && (code === undefined || value.code === code);
}
