import type { Decimal128, Double, Int32, Long } from 'bson';

import { describeBsonType, previewValue } from './bson-type';
import { wholeFromDecimalString } from './coerce-integer';
import type { QuarantineCategory } from './outcome';

/** Largest bigint PostgreSQL stores, 2^63 - 1. */
export const MaxBigint = 9_223_372_036_854_775_807n;

/** Doubles represent every integer exactly only below 2^53. */
const MaxExactDouble = 2 ** 53;

/** The result of reading a seller's Discord snowflake from `owner`. */
export type SellerReading =
  | { ok: true; sellerId: string; coercedFrom: string | undefined }
  | { ok: false; category: QuarantineCategory; problem: string };

/**
 * Read the seller's snowflake exactly. Int64 and Int32 owners are used as they are. A digit string, or an
 * integral Double below 2^53 or Decimal128, is accepted and reports its type. A Double at or above 2^53 has
 * already lost precision, so the id it contains may be someone else's.
 */
export function readSeller(owner: unknown): SellerReading {
  const type = describeBsonType(owner);
  if (owner === undefined || owner === null) {
    return { ok: false, category: 'missing_seller', problem: 'owner is missing' };
  }
  if (type === 'double' && Math.abs((owner as Double).value) >= MaxExactDouble) {
    return {
      ok: false,
      category: 'seller_id_precision_lost',
      problem: `owner ${previewValue(owner)} is a double at or above 2^53, so its exact value is lost`,
    };
  }

  const snowflake = readWholeOwner(owner, type);
  if (snowflake === undefined || snowflake <= 0n || snowflake > MaxBigint) {
    return {
      ok: false,
      category: 'invalid_seller',
      problem: `owner ${previewValue(owner)} (${type}) is not a valid snowflake`,
    };
  }
  const exactTypes = ['long', 'int32'];
  return {
    ok: true,
    sellerId: snowflake.toString(),
    coercedFrom: exactTypes.includes(type) ? undefined : type,
  };
}

function readWholeOwner(owner: unknown, type: string): bigint | undefined {
  switch (type) {
    case 'long':
      return (owner as Long).toBigInt();
    case 'int32':
      return BigInt((owner as Int32).value);
    case 'double': {
      const value = (owner as Double).value;
      return Number.isInteger(value) ? BigInt(value) : undefined;
    }
    case 'decimal128':
      return wholeFromDecimalString((owner as Decimal128).toString());
    case 'string':
      return /^[0-9]+$/.test(owner as string) ? BigInt(owner as string) : undefined;
    default:
      return undefined;
  }
}
