import { createHash } from 'node:crypto';

/** Namespace of the deterministic listing ids (UUID version 5, RFC 9562), fixed forever for this migration. */
export const LegacyListingNamespace = '6f0b7d1c-3a5e-4f7b-9c2d-1e8a4b6c0d2f';

const CanonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ShortHexUuid = /^[0-9a-f]{16}$/i;

/** The kinds of legacy `uuid` value. */
export type LegacyUuidKind = 'canonical' | 'short-hex' | 'missing' | 'unrecognized';

/** Classify a legacy `uuid` field. */
export function classifyLegacyUuid(value: unknown): LegacyUuidKind {
  if (value === undefined || value === null) return 'missing';
  if (typeof value !== 'string') return 'unrecognized';
  if (CanonicalUuid.test(value)) return 'canonical';
  if (ShortHexUuid.test(value)) return 'short-hex';
  return 'unrecognized';
}

/**
 * Derive the listing id of a document without a canonical uuid from its collection and ObjectId, so every
 * re-run produces the same id.
 */
export function deriveListingId(collection: string, sourceId: string): string {
  const namespace = Buffer.from(LegacyListingNamespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(`${collection}/${sourceId}`).digest();

  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
