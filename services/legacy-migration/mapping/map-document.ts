import type { ObjectId } from 'bson';

import type { SourceDocument } from '../source-document';
import { describeBsonType, previewValue } from './bson-type';
import { countCodePoints, removeNul } from './clean-text';
import { readNonNegativeInteger } from './coerce-integer';
import { classifyLegacyUuid, deriveListingId } from './listing-id';
import { MaxBigint, readSeller } from './map-seller';
import type { MappingOutcome, MappingWarning, QuarantineCategory } from './outcome';
import { parseDateAdded } from './parse-date-added';

/** Top-level fields the legacy bot wrote. Any other field is reported and kept only in the raw BSON. */
export const KnownFields: ReadonlySet<string> = new Set([
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
]);

const MaxNameLength = 255;
const MaxInt32 = 2_147_483_647n;
const DayMs = 86_400_000;

class Quarantine extends Error {
  constructor(
    readonly category: QuarantineCategory,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * Map one legacy document to a listing, or to a quarantine with a reason that starts with its category. The
 * duplicate-uuid rule needs the other documents, so the writer applies it.
 */
export function mapDocument(document: SourceDocument): MappingOutcome {
  const fields = document.fields;
  const warnings: MappingWarning[] = [];
  const dateAdded = readDateAdded(fields.date_added, fields._id as ObjectId, warnings);
  try {
    warnUnknownFields(fields, warnings);
    const seller = mapSeller(fields.owner, warnings);
    const sellerUsername = mapUsername(fields.owner_name, warnings);
    const name = mapName(fields.name, warnings);
    const description = mapDescription(fields.description, warnings);
    const price = mapAmount(fields.price, 'price', MaxBigint, 'invalid_price', warnings);
    const stock = mapAmount(fields.amount, 'amount', MaxInt32, 'invalid_stock', warnings);
    const identity = mapIdentity(fields.uuid, document, warnings);
    const priceChanged = mapPriceChanged(fields.updated_price, warnings);

    return {
      kind: 'listing',
      warnings,
      dateAdded,
      listing: {
        ...identity,
        sellerId: seller,
        sellerUsername,
        name,
        description,
        price: price.toString(),
        stock: Number(stock),
        priceChanged,
        listedAt: (fields._id as ObjectId).getTimestamp(),
      },
    };
  } catch (error) {
    if (!(error instanceof Quarantine)) throw error;
    return {
      kind: 'quarantine',
      category: error.category,
      reason: `${error.category}: ${error.problem}`,
      warnings,
      dateAdded,
    };
  }
}

function warnUnknownFields(fields: Record<string, unknown>, warnings: MappingWarning[]): void {
  for (const field of Object.keys(fields)) {
    if (!KnownFields.has(field)) warnings.push({ code: 'unknown_field', detail: removeNul(field).text });
  }
}

function mapSeller(owner: unknown, warnings: MappingWarning[]): string {
  const seller = readSeller(owner);
  if (!seller.ok) throw new Quarantine(seller.category, seller.problem);
  if (seller.coercedFrom) warnings.push({ code: 'seller_id_coerced', detail: seller.coercedFrom });
  return seller.sellerId;
}

function mapUsername(ownerName: unknown, warnings: MappingWarning[]): string | undefined {
  if (ownerName === undefined || ownerName === null) return undefined;
  if (typeof ownerName !== 'string') {
    warnings.push({ code: 'username_invalid', detail: describeBsonType(ownerName) });
    return undefined;
  }

  const cleaned = removeNul(ownerName);
  if (cleaned.removedNul) warnings.push({ code: 'username_nul_removed' });
  return cleaned.text === '' ? undefined : cleaned.text;
}

function mapName(name: unknown, warnings: MappingWarning[]): string {
  if (typeof name !== 'string') {
    throw new Quarantine(
      'invalid_name',
      `name is ${previewValue(name)} (${describeBsonType(name)}), not a string`,
    );
  }

  const cleaned = removeNul(name);
  const trimmed = cleaned.text.trim();
  const length = countCodePoints(trimmed);
  if (length === 0) throw new Quarantine('invalid_name', 'name is empty after trimming');
  if (length > MaxNameLength) {
    throw new Quarantine(
      'invalid_name',
      `name has ${length} characters after trimming, above ${MaxNameLength}`,
    );
  }
  if (cleaned.removedNul) warnings.push({ code: 'name_nul_removed' });
  return trimmed;
}

function mapDescription(description: unknown, warnings: MappingWarning[]): string | null {
  if (description === undefined || description === null) return null;
  if (typeof description !== 'string') {
    throw new Quarantine(
      'invalid_description',
      `description is ${previewValue(description)} (${describeBsonType(description)}), not a string or null`,
    );
  }

  const cleaned = removeNul(description);
  if (cleaned.removedNul) warnings.push({ code: 'description_nul_removed' });
  return cleaned.text;
}

function mapAmount(
  value: unknown,
  field: 'price' | 'amount',
  max: bigint,
  category: 'invalid_price' | 'invalid_stock',
  warnings: MappingWarning[],
): bigint {
  if (value === undefined || value === null) throw new Quarantine(category, `${field} is missing`);

  const reading = readNonNegativeInteger(value, 'int32', max);
  if (!reading.ok) throw new Quarantine(category, `${field} ${reading.problem}`);
  if (reading.coercedFrom) {
    warnings.push({
      code: category === 'invalid_price' ? 'price_coerced' : 'stock_coerced',
      detail: reading.coercedFrom,
    });
  }
  return reading.value;
}

function mapIdentity(
  uuid: unknown,
  document: SourceDocument,
  warnings: MappingWarning[],
): { id: string; canonicalUuid: string | undefined; legacyUuid: string | null } {
  const kind = classifyLegacyUuid(uuid);
  if (kind === 'canonical') {
    const canonical = (uuid as string).toLowerCase();
    return { id: canonical, canonicalUuid: canonical, legacyUuid: uuid as string };
  }

  if (kind === 'unrecognized') warnings.push({ code: 'uuid_unrecognized', detail: previewValue(uuid) });
  const legacyUuid =
    typeof uuid === 'string'
      ? removeNul(uuid).text
      : uuid === undefined || uuid === null
        ? null
        : previewValue(uuid);
  return {
    id: deriveListingId(document.collection, document.sourceId),
    canonicalUuid: undefined,
    legacyUuid,
  };
}

function mapPriceChanged(value: unknown, warnings: MappingWarning[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;

  warnings.push({ code: 'price_changed_coerced', detail: describeBsonType(value) });
  const numeric = describeBsonType(value) === 'int32' || describeBsonType(value) === 'double';
  return value === 'true' || (numeric && Number((value as { value: number }).value) === 1);
}

function readDateAdded(value: unknown, objectId: ObjectId, warnings: MappingWarning[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    warnings.push({ code: 'date_added_unparseable', detail: describeBsonType(value) });
    return previewValue(value);
  }

  const cleaned = removeNul(value);
  if (cleaned.removedNul) warnings.push({ code: 'date_added_nul_removed' });
  const parsed = parseDateAdded(cleaned.text);
  if (!parsed) {
    warnings.push({ code: 'date_added_unparseable', detail: previewValue(cleaned.text) });
    return cleaned.text;
  }

  const differenceMs = Math.abs(parsed.getTime() - objectId.getTimestamp().getTime());
  if (differenceMs > DayMs) {
    warnings.push({ code: 'date_added_mismatch', detail: `${Math.round(differenceMs / 3_600_000)} h` });
  }
  return cleaned.text;
}
