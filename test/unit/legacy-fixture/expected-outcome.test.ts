import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';

import { expectOutcome } from '../../../scripts/legacy-fixture/expected-outcome';
import type { LegacyDocument } from '../../../scripts/legacy-fixture/legacy-document';

const ListedAt = new Date('2022-11-05T10:00:00Z');
const Owner = Long.fromBigInt(912_345_678_901_234_567n);
const Uuid = '2f1c9a5e-8b7d-4c3e-9a1f-0123456789ab';

function makeDocument(fields: Record<string, unknown> = {}): LegacyDocument {
  return {
    _id: ObjectId.createFromTime(ListedAt.getTime() / 1000),
    name: 'Golden Teapot',
    description: null,
    amount: new Int32(3),
    price: new Int32(150),
    owner: Owner,
    owner_name: 'kamiko',
    uuid: Uuid,
    date_added: '2022-11-05T10:00:00.123456+00:00',
    updated_price: false,
    ...fields,
  };
}

function outcomeOf(fields: Record<string, unknown>, usedUuids: string[] = []) {
  return expectOutcome('MarketplaceModel', makeDocument(fields), (uuid) => usedUuids.includes(uuid));
}

describe('expectOutcome reasons', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['owner absent', { owner: undefined }, 'missing_seller'],
    ['owner null', { owner: null }, 'missing_seller'],
    ['owner double above 2^53', { owner: new Double(2 ** 60) }, 'seller_id_precision_lost'],
    ['owner non-digit string', { owner: '<@1234>' }, 'invalid_seller'],
    ['owner zero', { owner: Long.fromNumber(0) }, 'invalid_seller'],
    ['owner negative', { owner: Long.fromNumber(-5) }, 'invalid_seller'],
    ['owner fractional', { owner: new Double(12.5) }, 'invalid_seller'],
    ['owner NaN', { owner: new Double(Number.NaN) }, 'invalid_seller'],
    ['owner array', { owner: [Owner] }, 'invalid_seller'],
    ['name absent', { name: undefined }, 'invalid_name'],
    ['name whitespace', { name: '\u00a0\u3000 ' }, 'invalid_name'],
    ['name 256 characters', { name: 'x'.repeat(256) }, 'invalid_name'],
    ['name only NUL', { name: '\u0000' }, 'invalid_name'],
    ['description number', { description: new Int32(4) }, 'invalid_description'],
    ['price absent', { price: undefined }, 'invalid_price'],
    ['price fractional', { price: new Double(1.5) }, 'invalid_price'],
    ['price negative', { price: new Int32(-1) }, 'invalid_price'],
    ['price NaN', { price: new Double(Number.NaN) }, 'invalid_price'],
    ['price text', { price: '12.50' }, 'invalid_price'],
    ['price boolean', { price: true }, 'invalid_price'],
    ['price above int64', { price: Decimal128.fromString('1E+20') }, 'invalid_price'],
    ['amount absent', { amount: undefined }, 'invalid_stock'],
    ['amount above int32', { amount: Long.fromNumber(2 ** 31) }, 'invalid_stock'],
    ['uuid used before', {}, 'duplicate_uuid'],
    ['uuid used uppercase', { uuid: Uuid.toUpperCase() }, 'duplicate_uuid'],
  ];

  for (const [label, fields, reason] of cases) {
    it(`quarantines ${label}`, () => {
      const document = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const removed = Object.keys(fields).filter((key) => fields[key] === undefined);
      const source = makeDocument(document);
      for (const key of removed) delete source[key];

      const outcome = expectOutcome(
        'MarketplaceModel',
        source,
        (uuid) => uuid === Uuid && label.startsWith('uuid'),
      );
      expect(outcome.status).toBe('quarantined');
      expect(outcome.reason).toBe(reason);
    });
  }

  it('reports the first reason', () => {
    expect(outcomeOf({ owner: null, name: '' }).reason).toBe('missing_seller');
  });
});

describe('expectOutcome warnings', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['clean document', {}, []],
    ['owner digit string', { owner: '912345678901234567' }, ['seller_id_coerced']],
    ['owner safe double', { owner: new Double(123_456_789) }, ['seller_id_coerced']],
    ['owner decimal128', { owner: Decimal128.fromString('912345678901234567') }, ['seller_id_coerced']],
    ['owner int32', { owner: new Int32(77) }, []],
    ['price int64', { price: Long.fromNumber(150) }, ['price_coerced']],
    ['price decimal128 with zeros', { price: Decimal128.fromString('150.00') }, ['price_coerced']],
    ['stock double', { amount: new Double(3) }, ['stock_coerced']],
    ['stock digit string', { amount: '3' }, ['stock_coerced']],
    [
      'NUL characters',
      { name: 'a\u0000b', description: 'c\u0000', owner_name: 'd\u0000' },
      ['description_nul_removed', 'name_nul_removed', 'username_nul_removed'],
    ],
    ['date two days off', { date_added: '2022-11-03T09:00:00.000001' }, ['date_added_mismatch']],
    ['date local two hours off', { date_added: 'Nov 05, 2022 12:00:00' }, []],
    ['date unparseable', { date_added: 'yesterday' }, ['date_added_unparseable']],
    [
      'two unknown fields',
      { tags: [], history: [{ price: new Int32(1) }] },
      ['unknown_field', 'unknown_field'],
    ],
    ['uuid unrecognized', { uuid: 'not-a-uuid' }, ['uuid_unrecognized']],
    ['short uuid', { uuid: '0123456789abcdef' }, []],
    ['updated_price number', { updated_price: new Int32(1) }, ['price_changed_coerced']],
  ];

  for (const [label, fields, warnings] of cases) {
    it(`warns for ${label}`, () => {
      const outcome = outcomeOf(fields);
      expect(outcome.status).toBe('migrated');
      expect(outcome.warnings).toEqual(warnings);
    });
  }

  it('sets listingId from canonical uuid', () => {
    expect(outcomeOf({ uuid: Uuid.toUpperCase() }).listingId).toBe(Uuid);
  });

  it('omits listingId for short uuid', () => {
    expect(outcomeOf({ uuid: '0123456789abcdef' }).listingId).toBeUndefined();
  });

  it('lists no warnings when quarantined', () => {
    expect(outcomeOf({ owner: '912345678901234567', price: undefined }).warnings).toEqual([]);
  });
});
