import type { ObjectId } from 'bson';

/** The two legacy collections. The Beanie model class was renamed in October 2022, so its collection was too. */
export const CollectionNames = ['Marketplace', 'MarketplaceModel'] as const;

export type CollectionName = (typeof CollectionNames)[number];

/** The MongoDB database that mongodump and mongoexport read. */
export const DatabaseName = 'kumiko_marketplace';

/** Top-level fields that the legacy bot wrote. Any other top-level field is an unknown field. */
export const KnownFields = [
  '_id',
  'name',
  'description',
  'amount',
  'price',
  'owner',
  'owner_name',
  'uuid',
  'date_added',
  'updated_price',
] as const;

/**
 * A legacy document as BSON values (`Int32`, `Long`, `Double`, `Decimal128`, strings, booleans, null, arrays,
 * subdocuments). Key order is the BSON field order.
 */
export type LegacyDocument = { _id: ObjectId } & Record<string, unknown>;
