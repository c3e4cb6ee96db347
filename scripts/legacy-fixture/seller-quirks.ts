import { Decimal128, Double, Int32, Long } from 'bson';

import { hasField, setField, type Quirk } from './quirk-types';

const hasOwner: Quirk['isEligible'] = (document) => hasField(document, 'owner');

/** Defects of `owner`, the seller's Discord snowflake. */
export const SellerQuirks: readonly Quirk[] = [
  {
    name: 'owner_digit_string',
    rate: 0.004,
    isEligible: hasOwner,
    apply: (document, { seller }) => setField(document, 'owner', seller.id.toString()),
  },
  {
    name: 'owner_double_precision_lost',
    rate: 0.0105,
    isEligible: hasOwner,
    apply: (document, { seller }) => setField(document, 'owner', new Double(Number(seller.id))),
  },
  {
    // An id below 2^53 fits a double exactly: an early test account.
    name: 'owner_double_safe_integer',
    rate: 0.002,
    isEligible: hasOwner,
    apply: (document, { random }) =>
      setField(document, 'owner', new Double(random.integer(1_000_000_000, 2 ** 53 - 1))),
  },
  {
    name: 'owner_decimal128_integral',
    rate: 0.002,
    isEligible: hasOwner,
    apply: (document, { seller }) => setField(document, 'owner', Decimal128.fromString(seller.id.toString())),
  },
  {
    name: 'owner_int32',
    rate: 0.002,
    isEligible: hasOwner,
    apply: (document, { random }) => setField(document, 'owner', new Int32(random.integer(1, 2 ** 31 - 1))),
  },
  {
    name: 'owner_non_digit_string',
    rate: 0.0035,
    isEligible: hasOwner,
    apply: (document, { random, seller }) =>
      setField(document, 'owner', random.pick([`<@${seller.id}>`, 'unknown', ` ${seller.id}`])),
  },
  {
    name: 'owner_negative',
    rate: 0.0035,
    isEligible: hasOwner,
    apply: (document, { seller }) => setField(document, 'owner', Long.fromBigInt(-seller.id)),
  },
  {
    name: 'owner_zero',
    rate: 0.00175,
    isEligible: hasOwner,
    apply: (document) => setField(document, 'owner', Long.fromNumber(0)),
  },
  {
    name: 'owner_fractional',
    rate: 0.00175,
    isEligible: hasOwner,
    apply: (document) => setField(document, 'owner', new Double(123_456.5)),
  },
  {
    name: 'owner_nan',
    rate: 0.00175,
    isEligible: hasOwner,
    apply: (document) => setField(document, 'owner', new Double(Number.NaN)),
  },
  {
    name: 'owner_other_type',
    rate: 0.00175,
    isEligible: hasOwner,
    apply: (document, { seller }) => setField(document, 'owner', [Long.fromBigInt(seller.id)]),
  },
  {
    name: 'owner_null',
    rate: 0.007,
    isEligible: hasOwner,
    apply: (document) => setField(document, 'owner', null),
  },
];
