import { MarketError, MarketErrorCodes } from './errors';
import type { PageRequest, UserRef } from './types';

const SnowflakePattern = /^[1-9][0-9]{0,19}$/;
const UuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Largest value of a PostgreSQL `integer` column, the type of stock and inventory quantities. */
export const IntegerColumnMax = 2_147_483_647;

/** Maximum length of a listing name, in characters, as the schema's CHECK constraint enforces. */
export const ListingNameMaxLength = 255;

/** Maximum length of a search term, in characters. */
export const SearchTermMaxLength = 100;

/**
 * Check a user reference: the id is a Discord snowflake in decimal and the username is a short string.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER`.
 */
export function validateUser(user: UserRef): UserRef {
  const id = validateUserId(user.id);
  const username = typeof user.username === 'string' ? user.username.replace(/\0/g, '').slice(0, 100) : '';
  return { id, username };
}

/**
 * Check that a value is a Discord snowflake in decimal, positive and within a signed 64-bit integer.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER`.
 */
export function validateUserId(id: string): string {
  if (typeof id !== 'string' || !SnowflakePattern.test(id) || BigInt(id) > 9_223_372_036_854_775_807n) {
    throw new MarketError(
      MarketErrorCodes.InvalidUser,
      `Invalid user id "${String(id)}": expected a Discord snowflake, a positive decimal integer below 2^63.`,
      { userMessage: 'That user could not be recognised.' },
    );
  }
  return id;
}

/** Tell whether a value has the form of a listing id (a UUID), so it can be queried without a type error. */
export function isListingId(value: string): boolean {
  return typeof value === 'string' && UuidPattern.test(value);
}

/**
 * Trim a listing name and check that it has 1 to 255 characters and no NUL.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_NAME`.
 */
export function validateListingName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.includes('\0')) {
    throw invalid(MarketErrorCodes.InvalidName, 'Listing name contains a NUL character.', {
      userMessage: 'The name contains a character that is not allowed.',
    });
  }
  const length = [...trimmed].length;
  if (length < 1 || length > ListingNameMaxLength) {
    throw invalid(
      MarketErrorCodes.InvalidName,
      `Listing name has ${length} characters after trimming; expected 1 to ${ListingNameMaxLength}.`,
      { userMessage: `The name must have between 1 and ${ListingNameMaxLength} characters.` },
    );
  }
  return trimmed;
}

/**
 * Trim an optional description: empty becomes null, NUL is rejected and the length is bounded.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_DESCRIPTION`.
 */
export function validateDescription(
  description: string | null | undefined,
  maxLength: number,
): string | null {
  if (description === undefined || description === null) return null;

  const trimmed = description.trim();
  if (trimmed.includes('\0')) {
    throw invalid(MarketErrorCodes.InvalidDescription, 'Listing description contains a NUL character.', {
      userMessage: 'The description contains a character that is not allowed.',
    });
  }
  const length = [...trimmed].length;
  if (length > maxLength) {
    throw invalid(
      MarketErrorCodes.InvalidDescription,
      `Listing description has ${length} characters; the maximum is ${maxLength}.`,
      { userMessage: `The description can have at most ${maxLength} characters.` },
    );
  }
  return length === 0 ? null : trimmed;
}

/**
 * Check a price: a whole number of petals from 0 up to 2^53 - 1.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_PRICE`.
 */
export function validatePrice(price: number): number {
  if (!Number.isSafeInteger(price) || price < 0) {
    throw invalid(
      MarketErrorCodes.InvalidPrice,
      `Invalid price ${String(price)}: expected a whole number >= 0.`,
      {
        userMessage: 'The price must be a whole number of petals, 0 or more.',
      },
    );
  }
  return price;
}

/**
 * Check a stock count: a whole number from `min` to the largest PostgreSQL integer.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_STOCK`.
 */
export function validateStock(stock: number, min = 0): number {
  if (!Number.isSafeInteger(stock) || stock < min || stock > IntegerColumnMax) {
    throw invalid(
      MarketErrorCodes.InvalidStock,
      `Invalid stock ${String(stock)}: expected a whole number from ${min} to ${IntegerColumnMax}.`,
      { userMessage: `The stock must be a whole number from ${min} to ${IntegerColumnMax}.` },
    );
  }
  return stock;
}

/**
 * Check a purchase quantity: a whole number of at least 1.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_QUANTITY`.
 */
export function validateQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > IntegerColumnMax) {
    throw invalid(
      MarketErrorCodes.InvalidQuantity,
      `Invalid quantity ${String(quantity)}: expected a whole number from 1 to ${IntegerColumnMax}.`,
      { userMessage: 'The quantity must be a whole number of at least 1.' },
    );
  }
  return quantity;
}

/**
 * Check a payment amount: a whole number of petals of at least 1.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_AMOUNT`.
 */
export function validateAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw invalid(
      MarketErrorCodes.InvalidAmount,
      `Invalid amount ${String(amount)}: expected a whole number >= 1.`,
      {
        userMessage: 'The amount must be a whole number of petals, at least 1.',
      },
    );
  }
  return amount;
}

/**
 * Apply defaults to a page request and check its bounds.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_PAGE`.
 */
export function validatePage(
  page: PageRequest | undefined,
  pageSizeMax: number,
): { limit: number; offset: number } {
  const limit = page?.limit ?? 10;
  const offset = page?.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > pageSizeMax) {
    throw invalid(MarketErrorCodes.InvalidPage, `Invalid page size ${limit}: expected 1 to ${pageSizeMax}.`, {
      userMessage: `A page can show 1 to ${pageSizeMax} rows.`,
    });
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalid(
      MarketErrorCodes.InvalidPage,
      `Invalid page offset ${offset}: expected a whole number >= 0.`,
      {
        userMessage: 'That page does not exist.',
      },
    );
  }
  return { limit, offset };
}

/**
 * Check an idempotency key: a non-empty string of at most 200 characters.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_IDEMPOTENCY_KEY`.
 */
export function validateIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
    throw invalid(
      MarketErrorCodes.InvalidIdempotencyKey,
      `Invalid idempotency key "${String(key)}": expected 1 to 200 characters, such as the interaction id.`,
      { userMessage: 'That request could not be processed. Please try again.' },
    );
  }
  return key;
}

function invalid(
  code: (typeof MarketErrorCodes)[keyof typeof MarketErrorCodes],
  message: string,
  options: { userMessage: string },
): MarketError {
  return new MarketError(code, message, options);
}
