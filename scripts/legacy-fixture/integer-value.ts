import { Decimal128, Double, Int32, Long } from 'bson';

/**
 * The reading of a BSON value as a whole number: `exact` for int32 and int64, `coerced` for an integral double,
 * an integral decimal128 or a string of decimal digits, `invalid` for anything else (fractional, NaN,
 * infinite, non-numeric or another type). A negative value still reads; range checks are the caller's.
 */
export type IntegerReading =
  | { kind: 'absent' }
  | { kind: 'invalid' }
  | {
      kind: 'exact' | 'coerced';
      value: bigint;
      bsonType: 'int32' | 'int64' | 'double' | 'decimal128' | 'string';
    };

const DigitString = /^[0-9]+$/;

/** Read a BSON value as a whole number, following the rules in {@link IntegerReading}. */
export function readInteger(value: unknown): IntegerReading {
  if (value === undefined) return { kind: 'absent' };
  if (value instanceof Int32) return { kind: 'exact', value: BigInt(value.value), bsonType: 'int32' };
  if (value instanceof Long) return { kind: 'exact', value: value.toBigInt(), bsonType: 'int64' };
  if (value instanceof Double) return readDouble(value.value);
  if (value instanceof Decimal128) return readDecimal(value.toString());
  if (typeof value === 'string' && DigitString.test(value)) {
    return { kind: 'coerced', value: BigInt(value), bsonType: 'string' };
  }
  return { kind: 'invalid' };
}

function readDouble(value: number): IntegerReading {
  if (!Number.isInteger(value)) return { kind: 'invalid' };
  return { kind: 'coerced', value: BigInt(value), bsonType: 'double' };
}

const DecimalText = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:E([+-][0-9]+))?$/i;

// Decimal128.toString() gives plain digits ("1500.00") or scientific notation ("1.5E+3"), or NaN/Infinity.
function readDecimal(text: string): IntegerReading {
  const match = DecimalText.exec(text);
  if (!match) return { kind: 'invalid' };

  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = `${whole}${fraction}`;
  const exponent = Number(exponentText) - fraction.length;
  const value = exponent >= 0 ? BigInt(digits) * 10n ** BigInt(exponent) : integralPart(digits, -exponent);
  if (value === null) return { kind: 'invalid' };
  return { kind: 'coerced', value: sign === '-' ? -value : value, bsonType: 'decimal128' };
}

function integralPart(digits: string, fractionDigits: number): bigint | null {
  const padded = digits.padStart(fractionDigits + 1, '0');
  const fraction = padded.slice(padded.length - fractionDigits);
  if (/[1-9]/.test(fraction)) return null;
  return BigInt(padded.slice(0, padded.length - fractionDigits));
}
