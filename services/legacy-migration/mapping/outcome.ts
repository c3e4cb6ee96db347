/** Categories of quarantine. A quarantine reason starts with one of these words. */
export type QuarantineCategory =
  | 'missing_seller'
  | 'seller_id_precision_lost'
  | 'invalid_seller'
  | 'invalid_name'
  | 'invalid_description'
  | 'invalid_price'
  | 'invalid_stock'
  | 'duplicate_uuid'
  | 'rejected_by_database';

/** Codes of the warnings a document can carry. A document may carry the same code more than once. */
export type WarningCode =
  | 'seller_id_coerced'
  | 'price_coerced'
  | 'stock_coerced'
  | 'name_nul_removed'
  | 'description_nul_removed'
  | 'username_nul_removed'
  | 'username_invalid'
  | 'date_added_mismatch'
  | 'date_added_unparseable'
  | 'date_added_nul_removed'
  | 'unknown_field'
  | 'uuid_unrecognized'
  | 'price_changed_coerced';

/** Something the migration changed or noticed in a document without rejecting it. */
export interface MappingWarning {
  code: WarningCode;
  /** The detail, such as the BSON type a value was coerced from or the unknown field's name. */
  detail?: string;
}

/** A listing ready to be written, with every value already in its PostgreSQL form. */
export interface MappedListing {
  id: string;
  /** The source uuid when it is canonical; only such ids can collide with another document's. */
  canonicalUuid: string | undefined;
  sellerId: string;
  sellerUsername: string | undefined;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  priceChanged: boolean;
  listedAt: Date;
  legacyUuid: string | null;
}

/** The outcome of mapping one source document. */
export type MappingOutcome =
  | { kind: 'listing'; listing: MappedListing; warnings: MappingWarning[]; dateAdded: string | null }
  | {
      kind: 'quarantine';
      reason: string;
      category: QuarantineCategory;
      warnings: MappingWarning[];
      dateAdded: string | null;
    };
