import { Double } from 'bson';

import { parseDateAdded } from './date-added-parser';
import { readInteger, type IntegerReading } from './integer-value';
import { KnownFields, type CollectionName, type LegacyDocument } from './legacy-document';
import type { QuarantineReason, WarningCode } from './outcome-codes';

/** One line of `expected.jsonl`: what the migration must do with one source document. */
export interface ExpectedOutcome {
  collection: CollectionName;
  id: string;
  status: 'migrated' | 'quarantined';
  reason?: QuarantineReason;
  /** Sorted warning codes of a migrated document. Always empty for a quarantined one. */
  warnings: WarningCode[];
  /** The listing id, present only when the source `uuid` is a canonical uuid (written in lowercase). */
  listingId?: string;
}

/** Tells whether an earlier document, in ObjectId order over both collections, already used a canonical uuid. */
export type UuidUsage = (lowercaseUuid: string) => boolean;

const TwoPow53 = 2 ** 53;
const MaxInt64 = 2n ** 63n - 1n;
const MaxInt32 = 2n ** 31n - 1n;
const NameMaxLength = 255;
const DayMs = 86_400_000;
const CanonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ShortUuid = /^[0-9a-f]{16}$/;
const KnownFieldSet: ReadonlySet<string> = new Set(KnownFields);

/**
 * Decide what the migration must do with a source document: the first quarantine reason that applies, or
 * the warnings of the migrated listing. This is the test oracle, written from the migration rules and
 * independently of the migration code.
 */
export function expectOutcome(
  collection: CollectionName,
  document: LegacyDocument,
  isUuidUsed: UuidUsage,
): ExpectedOutcome {
  const id = document._id.toHexString();
  const warnings: WarningCode[] = [];
  const reason = findQuarantineReason(document, warnings, isUuidUsed);
  if (reason) return { collection, id, status: 'quarantined', reason, warnings: [] };

  collectWarnings(document, warnings);
  const listingId = canonicalUuidOf(document);
  return {
    collection,
    id,
    status: 'migrated',
    warnings: warnings.sort(),
    ...(listingId ? { listingId } : {}),
  };
}

/** Return the lowercase canonical uuid of a document, or null when its `uuid` is not one. */
export function canonicalUuidOf(document: LegacyDocument): string | null {
  const { uuid } = document;
  return typeof uuid === 'string' && CanonicalUuid.test(uuid) ? uuid.toLowerCase() : null;
}

function findQuarantineReason(
  document: LegacyDocument,
  warnings: WarningCode[],
  isUuidUsed: UuidUsage,
): QuarantineReason | null {
  const sellerReason = checkSeller(document.owner, warnings);
  if (sellerReason) return sellerReason;
  if (!isValidName(document.name)) return 'invalid_name';
  if (!isValidDescription(document)) return 'invalid_description';
  if (!checkWholeNumber(document.price, MaxInt64, 'price_coerced', warnings)) return 'invalid_price';
  if (!checkWholeNumber(document.amount, MaxInt32, 'stock_coerced', warnings)) return 'invalid_stock';

  const uuid = canonicalUuidOf(document);
  if (uuid && isUuidUsed(uuid)) return 'duplicate_uuid';
  return null;
}

function checkSeller(owner: unknown, warnings: WarningCode[]): QuarantineReason | null {
  if (owner === undefined || owner === null) return 'missing_seller';
  if (owner instanceof Double && owner.value >= TwoPow53) return 'seller_id_precision_lost';

  const reading = readInteger(owner);
  if (!isPositive(reading)) return 'invalid_seller';
  if (reading.kind === 'coerced') warnings.push('seller_id_coerced');
  return null;
}

function isPositive(reading: IntegerReading): reading is Extract<IntegerReading, { value: bigint }> {
  return (reading.kind === 'exact' || reading.kind === 'coerced') && reading.value > 0n;
}

function checkWholeNumber(
  value: unknown,
  max: bigint,
  warning: WarningCode,
  warnings: WarningCode[],
): boolean {
  const reading = readInteger(value);
  if (reading.kind === 'absent' || reading.kind === 'invalid') return false;
  if (reading.value < 0n || reading.value > max) return false;

  const isInt32 = reading.kind === 'exact' && reading.bsonType === 'int32';
  if (!isInt32) warnings.push(warning);
  return true;
}

function isValidName(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  const cleaned = name.replaceAll('\u0000', '').trim();
  return cleaned.length > 0 && cleaned.length <= NameMaxLength;
}

function isValidDescription(document: LegacyDocument): boolean {
  if (!('description' in document)) return true;
  return document.description === null || typeof document.description === 'string';
}

function collectWarnings(document: LegacyDocument, warnings: WarningCode[]): void {
  if (hasNul(document.name)) warnings.push('name_nul_removed');
  if (hasNul(document.description)) warnings.push('description_nul_removed');
  if (hasNul(document.owner_name)) warnings.push('username_nul_removed');

  const dateWarning = checkDateAdded(document);
  if (dateWarning) warnings.push(dateWarning);
  for (const field of Object.keys(document)) {
    if (!KnownFieldSet.has(field)) warnings.push('unknown_field');
  }

  const { uuid } = document;
  if (
    uuid !== undefined &&
    !(typeof uuid === 'string' && (ShortUuid.test(uuid) || CanonicalUuid.test(uuid)))
  ) {
    warnings.push('uuid_unrecognized');
  }
  if ('updated_price' in document && typeof document.updated_price !== 'boolean') {
    warnings.push('price_changed_coerced');
  }
}

function hasNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\u0000');
}

function checkDateAdded(document: LegacyDocument): WarningCode | null {
  if (!('date_added' in document)) return null;

  const parsedMs = typeof document.date_added === 'string' ? parseDateAdded(document.date_added) : null;
  if (parsedMs === null) return 'date_added_unparseable';
  const objectIdMs = document._id.getTimestamp().getTime();
  return Math.abs(parsedMs - objectIdMs) > DayMs ? 'date_added_mismatch' : null;
}
