/** Quarantine reasons, in the order the migration checks them. The first that applies wins. */
export const QuarantineReasons = [
  'missing_seller',
  'seller_id_precision_lost',
  'invalid_seller',
  'invalid_name',
  'invalid_description',
  'invalid_price',
  'invalid_stock',
  'duplicate_uuid',
] as const;

export type QuarantineReason = (typeof QuarantineReasons)[number];

/** Warning codes of a migrated document. A code repeats when its cause repeats (one per unknown field). */
export const WarningCodes = [
  'seller_id_coerced',
  'price_coerced',
  'stock_coerced',
  'name_nul_removed',
  'description_nul_removed',
  'username_nul_removed',
  'date_added_mismatch',
  'date_added_unparseable',
  'unknown_field',
  'uuid_unrecognized',
  'price_changed_coerced',
] as const;

export type WarningCode = (typeof WarningCodes)[number];
