import type { CollectionName, LegacyDocument } from './legacy-document';
import type { SeededRandom } from './random';
import type { Seller } from './sellers';
import type { UuidDonorPool } from './uuid-donors';

/** Generation state that a quirk can read and change, besides the document itself. */
export interface QuirkContext {
  random: SeededRandom;
  collection: CollectionName;
  listingMs: number;
  seller: Seller;
  donors: UuidDonorPool;
  /** How many later documents of the same collection are written before this one. 0 keeps _id order. */
  displacement: number;
}

/** A defect of the legacy data, injected into some documents. */
export interface Quirk {
  /** Stable name, counted in manifest.json. */
  readonly name: string;
  /** Probability per eligible document. */
  readonly rate: number;
  /** Tell whether the quirk fits a document of this collection and time. */
  isEligible(document: LegacyDocument, context: QuirkContext): boolean;
  /** Change the document. Returns false when the quirk could not apply (for example, no donor yet). */
  apply(document: LegacyDocument, context: QuirkContext): boolean;
}

/** Replace a field's value, or add it at the end when absent. Key order stays as Beanie wrote it. */
export function setField(document: LegacyDocument, field: string, value: unknown): boolean {
  document[field] = value;
  return true;
}

/** Remove a field. */
export function removeField(document: LegacyDocument, field: string): boolean {
  delete document[field];
  return true;
}

/** Tell whether a document has a field. */
export function hasField(document: LegacyDocument, field: string): boolean {
  return Object.hasOwn(document, field);
}
