import { Int32 } from 'bson';

import type { LegacyDocument } from './legacy-document';
import { hasField, removeField, setField, type Quirk, type QuirkContext } from './quirk-types';
import { Timeline } from './timeline';

const hasCanonicalUuidEra: Quirk['isEligible'] = (document, context) =>
  hasField(document, 'uuid') && context.listingMs >= Timeline.canonicalUuidFrom;

function copyUuidFrom(
  document: LegacyDocument,
  context: QuirkContext,
  from: QuirkContext['collection'],
): boolean {
  const donor = context.donors.take(context.random, from);
  if (!donor) return false;
  return setField(document, 'uuid', donor.uuid);
}

/** Replace every field of `document` by those of `source`, adding `owner_name` after `owner`. */
function replaceWithCopy(document: LegacyDocument, source: LegacyDocument, ownerName: string): void {
  for (const key of Object.keys(document)) delete document[key];
  for (const [key, value] of Object.entries(source)) {
    document[key] = value;
    if (key === 'owner') document.owner_name = ownerName;
  }
}

/**
 * A document copied by hand into the renamed collection. It keeps its _id, so both collections hold that _id and
 * the copy is a duplicate. It replaces the whole document, so it runs before every other quirk.
 */
export const CopiedAtRenameQuirk: Quirk = {
  name: 'copied_at_rename',
  rate: 0.0005,
  isEligible: (_document, context) =>
    context.collection === 'MarketplaceModel' &&
    context.listingMs < Timeline.modelCollectionFrom + 14 * 86_400_000,
  apply: (document, context) => {
    const donor = context.donors.take(context.random, 'Marketplace', true);
    if (!donor) return false;
    replaceWithCopy(document, donor.document, context.seller.username);
    return true;
  },
};

/** Defects of identity and bookkeeping fields: uuid, date_added, updated_price, unknown fields, file order. */
export const IdentityQuirks: readonly Quirk[] = [
  {
    name: 'uuid_duplicate_same_collection',
    rate: 0.007,
    isEligible: hasCanonicalUuidEra,
    apply: (document, context) => copyUuidFrom(document, context, context.collection),
  },
  {
    name: 'uuid_duplicate_across_collections',
    rate: 0.0035,
    isEligible: (document, context) =>
      context.collection === 'MarketplaceModel' && hasCanonicalUuidEra(document, context),
    apply: (document, context) => copyUuidFrom(document, context, 'Marketplace'),
  },
  {
    // Duplicates are found case-insensitively.
    name: 'uuid_duplicate_uppercase',
    rate: 0.00175,
    isEligible: hasCanonicalUuidEra,
    apply: (document, context) =>
      copyUuidFrom(document, context, context.collection) &&
      setField(document, 'uuid', String(document.uuid).toUpperCase()),
  },
  {
    name: 'uuid_unrecognized',
    rate: 0.002,
    isEligible: (document) => hasField(document, 'uuid'),
    apply: (document, { random }) =>
      setField(
        document,
        'uuid',
        random.pick(['not-a-uuid', random.hex(32), `{${random.uuid4()}}`, random.hex(15)]),
      ),
  },
  {
    name: 'date_added_unparseable',
    rate: 0.002,
    isEligible: (document) => hasField(document, 'date_added'),
    apply: (document, { random }) =>
      setField(document, 'date_added', random.pick(['yesterday', '08/05/2022 00:25:03', 'unknown'])),
  },
  {
    name: 'updated_price_missing',
    rate: 0.003,
    isEligible: (document) => hasField(document, 'updated_price'),
    apply: (document) => removeField(document, 'updated_price'),
  },
  {
    name: 'updated_price_not_boolean',
    rate: 0.002,
    isEligible: (document) => hasField(document, 'updated_price'),
    apply: (document, { random }) =>
      setField(document, 'updated_price', random.pick([new Int32(1), 'true', 'False'])),
  },
  {
    name: 'unknown_scalar_field',
    rate: 0.003,
    isEligible: () => true,
    apply: (document, { random }) =>
      random.chance(0.5) ? setField(document, 'revision_id', null) : setField(document, 'is_featured', true),
  },
  {
    name: 'unknown_subdocument_array',
    rate: 0.002,
    isEligible: () => true,
    apply: (document, context) =>
      setField(document, 'history', [
        { price: new Int32(context.random.integer(10, 500)), changed_at: new Date(context.listingMs) },
        {
          price: new Int32(context.random.integer(10, 500)),
          changed_at: new Date(context.listingMs + 60_000),
          note: null,
        },
      ]),
  },
  {
    name: 'unknown_fields_several',
    rate: 0.001,
    isEligible: () => true,
    apply: (document) =>
      setField(document, 'tags', ['rare', 'event']) && setField(document, 'legacy_rank', new Int32(3)),
  },
  {
    // A hand edit rewrote the document, so mongodump reads it a few positions later than its _id suggests.
    name: 'out_of_natural_order',
    rate: 0.002,
    isEligible: () => true,
    apply: (_document, context) => {
      context.displacement = context.random.integer(1, 20);
      return true;
    },
  },
];
