import type { Decimal128, Double, Int32, Long } from 'bson';

import { describeBsonType, previewValue } from './bson-type';

/** The result of reading a whole number from a legacy field. */
export type IntegerReading =
  { ok: true; value: bigint; coercedFrom: string | undefined } | { ok: false; problem: string };

/**
 * Read a non-negative whole number from a BSON value. The native type (`nativeType`) is read silently. Int64,
 * integral Double, integral Decimal128 and decimal-digit strings are accepted and report the type they were
 * coerced from. Fractional, negative, NaN, non-numeric, missing and out-of-range values are rejected.
 */
export function readNonNegativeInteger(
  value: unknown,
  nativeType: 'int32' | 'int64',
  max: bigint,
): IntegerReading {
  const type = describeBsonType(value);
  const whole = readWhole(value, type);
  if (whole === undefined)
    return { ok: false, problem: `${previewValue(value)} (${type}) is not a whole number` };
  if (whole < 0n) return { ok: false, problem: `${previewValue(value)} (${type}) is negative` };
  if (whole > max) return { ok: false, problem: `${previewValue(value)} (${type}) is above ${max}` };
  return { ok: true, value: whole, coercedFrom: type === nativeType ? undefined : type };
}

function readWhole(value: unknown, type: string): bigint | undefined {
  switch (type) {
    case 'int32':
      return BigInt((value as Int32).value);
    case 'long':
      return (value as Long).toBigInt();
    case 'double':
      return wholeFromNumber((value as Double).value);
    case 'decimal128':
      return wholeFromDecimalString((value as Decimal128).toString());
    case 'string':
      return /^[0-9]+$/.test(value as string) ? BigInt(value as string) : undefined;
    default:
      return undefined;
  }
}

function wholeFromNumber(value: number): bigint | undefined {
  if (!Number.isFinite(value) || !Number.isInteger(value)) return undefined;
  return BigInt(value);
}

/**
 * Read a Decimal128 string such as `12`, `12.00`, `-3` or `1.20E+3` exactly, without going through a double.
 * Returns undefined for NaN, Infinity and fractional values.
 */
export function wholeFromDecimalString(text: string): bigint | undefined {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?(?:E([+-]?\d+))?$/i.exec(text);
  if (!match) return undefined;

  const [, sign, integerDigits = '', fractionDigits = '', exponentText = '0'] = match;
  let digits = integerDigits + fractionDigits;
  if (/^0*$/.test(digits)) return 0n;
  let scale = fractionDigits.length - Number(exponentText);
  // Trailing zeros of the significand only change the scale.
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  if (scale > 0) return undefined;

  const magnitude = BigInt(digits || '0') * 10n ** BigInt(-scale);
  return sign === '-' ? -magnitude : magnitude;
}
