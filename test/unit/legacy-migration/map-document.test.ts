import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';

import { deriveListingId } from '../../../services/legacy-migration/mapping/listing-id';
import { mapDocument } from '../../../services/legacy-migration/mapping/map-document';
import type { MappingOutcome } from '../../../services/legacy-migration/mapping/outcome';
import { documentWith } from './build-document';

function listingOf(outcome: MappingOutcome) {
  if (outcome.kind !== 'listing') throw new Error(`expected a listing, got ${outcome.reason}`);
  return outcome.listing;
}

function warningCodes(outcome: MappingOutcome): string[] {
  return outcome.warnings.map((warning) => warning.code).sort();
}

describe('mapDocument', () => {
  it('maps a clean document exactly', () => {
    const outcome = mapDocument(documentWith({}));

    const listing = listingOf(outcome);
    expect(listing.id).toBe('6f1c1f5e-8d2a-4c8e-9b7a-0d6a1c2b3e4f');
    expect(listing.sellerId).toBe('812345678901234567');
    expect(listing.sellerUsername).toBe('sakura');
    expect(listing.name).toBe('Cherry blossom');
    expect(listing.price).toBe('25');
    expect(listing.stock).toBe(4);
    expect(listing.priceChanged).toBe(false);
    expect(listing.listedAt.toISOString()).toBe('2022-12-01T12:00:00.000Z');
    expect(outcome.warnings).toEqual([]);
  });

  it('keeps an Int64 owner above 2^53 exact', () => {
    const outcome = mapDocument(documentWith({ owner: Long.fromString('1152921504606846977') }));

    expect(listingOf(outcome).sellerId).toBe('1152921504606846977');
  });

  it.each([
    ['missing owner', { owner: undefined }, 'missing_seller'],
    ['null owner', { owner: null }, 'missing_seller'],
    ['double owner at 2^53', { owner: new Double(2 ** 53) }, 'seller_id_precision_lost'],
    ['non-digit owner string', { owner: '81234x' }, 'invalid_seller'],
    ['negative owner', { owner: Long.fromNumber(-5) }, 'invalid_seller'],
    ['zero owner', { owner: new Int32(0) }, 'invalid_seller'],
    ['missing name', { name: undefined }, 'invalid_name'],
    ['blank name', { name: '   \t ' }, 'invalid_name'],
    ['NUL-only name', { name: '\u0000\u0000' }, 'invalid_name'],
    ['over-long name', { name: 'x'.repeat(256) }, 'invalid_name'],
    ['numeric name', { name: new Int32(5) }, 'invalid_name'],
    ['numeric description', { description: new Int32(5) }, 'invalid_description'],
    ['missing price', { price: undefined }, 'invalid_price'],
    ['fractional price', { price: new Double(2.5) }, 'invalid_price'],
    ['negative price', { price: new Int32(-1) }, 'invalid_price'],
    ['NaN price', { price: new Double(NaN) }, 'invalid_price'],
    ['NaN decimal price', { price: Decimal128.fromString('NaN') }, 'invalid_price'],
    ['fractional decimal price', { price: Decimal128.fromString('1.5') }, 'invalid_price'],
    ['non-numeric price string', { price: 'ten' }, 'invalid_price'],
    ['boolean price', { price: true }, 'invalid_price'],
    ['missing amount', { amount: undefined }, 'invalid_stock'],
    ['stock above int32', { amount: Long.fromString('2147483648') }, 'invalid_stock'],
  ])('quarantines %s', (_label, overrides, category) => {
    const outcome = mapDocument(documentWith(overrides));

    expect(outcome.kind).toBe('quarantine');
    if (outcome.kind === 'quarantine') {
      expect(outcome.category).toBe(category);
      expect(outcome.reason.startsWith(`${category}: `)).toBe(true);
    }
  });

  it.each([
    ['digit-string owner', { owner: '812345678901234567' }, 'seller_id_coerced'],
    ['Int64 price', { price: Long.fromNumber(25) }, 'price_coerced'],
    ['integral double price', { price: new Double(25) }, 'price_coerced'],
    ['integral decimal price', { price: Decimal128.fromString('2.5E+1') }, 'price_coerced'],
    ['digit-string price', { price: '25' }, 'price_coerced'],
    ['decimal amount', { amount: Decimal128.fromString('4.00') }, 'stock_coerced'],
    ['NUL in name', { name: 'Cherry\u0000 blossom' }, 'name_nul_removed'],
    ['NUL in description', { description: 'pink\u0000' }, 'description_nul_removed'],
    ['NUL in username', { owner_name: 'saku\u0000ra' }, 'username_nul_removed'],
    ['unknown field', { extra: [{ nested: new Int32(1) }] }, 'unknown_field'],
    ['odd uuid', { uuid: 'not-a-uuid' }, 'uuid_unrecognized'],
    ['string updated_price', { updated_price: 'true' }, 'price_changed_coerced'],
    ['start-up date bug', { date_added: '2022-11-20T08:00:00' }, 'date_added_mismatch'],
    ['unparseable date', { date_added: 'yesterday' }, 'date_added_unparseable'],
  ])('warns on %s', (_label, overrides, code) => {
    const outcome = mapDocument(documentWith(overrides));

    expect(outcome.kind).toBe('listing');
    expect(warningCodes(outcome)).toEqual([code]);
  });

  it('reads the four date_added formats silently', () => {
    const dates = [
      'Dec 01, 2022 12:00:00',
      '2022-12-01T13:00:00',
      '2022-12-01T12:00:00.123456',
      '2022-12-01T12:00:00+00:00',
    ];

    for (const date_added of dates) expect(mapDocument(documentWith({ date_added })).warnings).toEqual([]);
  });

  it('trims names and removes NULs', () => {
    const listing = listingOf(
      mapDocument(documentWith({ name: '  Sakura\u0000 🌸 ', description: 'a\u0000b' })),
    );

    expect(listing.name).toBe('Sakura 🌸');
    expect(listing.description).toBe('ab');
  });

  it('accepts 255 emoji as a name', () => {
    const listing = listingOf(mapDocument(documentWith({ name: '🌸'.repeat(255) })));

    expect(listing.name).toHaveLength(510);
  });

  it('keeps a missing description null', () => {
    expect(listingOf(mapDocument(documentWith({ description: undefined }))).description).toBeNull();
  });

  it('derives a stable id for a short uuid', () => {
    const document = documentWith({ uuid: '0123456789abcdef' }, 'Marketplace');
    const listing = listingOf(mapDocument(document));

    expect(listing.id).toBe(deriveListingId('Marketplace', document.sourceId));
    expect(listing.legacyUuid).toBe('0123456789abcdef');
    expect(listing.canonicalUuid).toBeUndefined();
  });

  it('derives different ids per collection', () => {
    const document = documentWith({ uuid: undefined });

    expect(deriveListingId('Marketplace', document.sourceId)).not.toBe(
      deriveListingId('MarketplaceModel', document.sourceId),
    );
    expect(deriveListingId('Marketplace', document.sourceId)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/,
    );
  });

  it('lowercases a canonical uuid', () => {
    const listing = listingOf(mapDocument(documentWith({ uuid: '6F1C1F5E-8D2A-4C8E-9B7A-0D6A1C2B3E4F' })));

    expect(listing.id).toBe('6f1c1f5e-8d2a-4c8e-9b7a-0d6a1c2b3e4f');
  });

  it('maps a missing updated_price to false', () => {
    expect(listingOf(mapDocument(documentWith({ updated_price: undefined }))).priceChanged).toBe(false);
  });
});
