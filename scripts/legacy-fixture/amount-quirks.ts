import { Decimal128, Double, Int32, Long } from 'bson';

import type { LegacyDocument } from './legacy-document';
import type { SeededRandom } from './random';
import { hasField, removeField, setField, type Quirk } from './quirk-types';

type Field = 'price' | 'amount';

function currentValue(document: LegacyDocument, field: Field): number {
  const value = document[field];
  return value instanceof Int32 ? value.value : 1;
}

function quirk(
  name: string,
  field: Field,
  rate: number,
  makeValue: (current: number, random: SeededRandom) => unknown,
): Quirk {
  return {
    name,
    rate,
    isEligible: (document) => hasField(document, field),
    apply: (document, { random }) =>
      setField(document, field, makeValue(currentValue(document, field), random)),
  };
}

/** Defects of `price` (whole petals) and `amount` (stock): other numeric types, bad values, missing fields. */
export const AmountQuirks: readonly Quirk[] = [
  quirk('price_digit_string', 'price', 0.004, (current) => String(current)),
  quirk('price_double_integral', 'price', 0.004, (current) => new Double(current)),
  quirk('price_decimal128_integral', 'price', 0.003, (current, random) =>
    Decimal128.fromString(random.chance(0.5) ? String(current) : `${current}.00`),
  ),
  quirk('price_int64', 'price', 0.003, (current) => Long.fromNumber(current)),
  quirk('price_fractional', 'price', 0.0035, (current) => new Double(current + 0.5)),
  quirk('price_decimal128_fractional', 'price', 0.00175, (current) => Decimal128.fromString(`${current}.25`)),
  quirk('price_negative', 'price', 0.0035, (current) => new Int32(-current)),
  quirk('price_nan', 'price', 0.00175, () => new Double(Number.NaN)),
  quirk('price_non_numeric_string', 'price', 0.0035, (_current, random) =>
    random.pick(['free', '12.50', '1,000', '-40']),
  ),
  quirk('price_boolean', 'price', 0.00175, () => true),
  quirk('price_above_int64', 'price', 0.00175, (_current, random) =>
    random.chance(0.5) ? '99999999999999999999' : Decimal128.fromString('1E+20'),
  ),
  {
    name: 'price_missing',
    rate: 0.0035,
    isEligible: (document) => hasField(document, 'price'),
    apply: (document) => removeField(document, 'price'),
  },
  quirk('amount_double_integral', 'amount', 0.004, (current) => new Double(current)),
  quirk('amount_decimal128_integral', 'amount', 0.002, (current) => Decimal128.fromString(String(current))),
  quirk('amount_digit_string', 'amount', 0.002, (current) => String(current)),
  quirk('amount_int64', 'amount', 0.002, (current) => Long.fromNumber(current)),
  quirk('amount_negative', 'amount', 0.0035, (current) => new Int32(-current - 1)),
  quirk('amount_fractional', 'amount', 0.0035, (current) => new Double(current + 0.5)),
  quirk('amount_nan', 'amount', 0.00175, () => new Double(Number.NaN)),
  quirk('amount_above_int32', 'amount', 0.00175, () => Long.fromNumber(3_000_000_000)),
  {
    name: 'amount_missing',
    rate: 0.0035,
    isEligible: (document) => hasField(document, 'amount'),
    apply: (document) => removeField(document, 'amount'),
  },
];
