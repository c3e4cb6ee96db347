import type { CollectionName, LegacyDocument } from './legacy-document';
import type { SeededRandom } from './random';

/** A migrated document whose canonical uuid a later document may copy. */
export interface UuidDonor {
  collection: CollectionName;
  document: LegacyDocument;
  uuid: string;
}

const DonorsPerCollection = 16;

/**
 * Recent migrated documents with a canonical uuid, and the uuids that later documents copied from them.
 * Fresh uuids carry 122 random bits, so a uuid repeats only when a quirk copies it here. That keeps memory
 * bounded: the oracle only needs the copied uuids to find duplicates, not every uuid ever written.
 */
export class UuidDonorPool {
  private readonly donors = new Map<CollectionName, UuidDonor[]>();
  private readonly copiedUuids = new Set<string>();

  /** Offer a migrated document with a canonical uuid (lowercase) as a future donor. */
  offer(collection: CollectionName, document: LegacyDocument, uuid: string): void {
    const list = this.donors.get(collection) ?? [];
    list.push({ collection, document, uuid });
    if (list.length > DonorsPerCollection) list.shift();
    this.donors.set(collection, list);
  }

  /**
   * Take a donor from the collection and record its uuid as copied. With `remove`, the donor leaves the pool,
   * so a document copied with its _id is copied once at most. Returns null when there is no donor yet.
   */
  take(random: SeededRandom, collection: CollectionName, remove = false): UuidDonor | null {
    const list = this.donors.get(collection);
    if (!list || list.length === 0) return null;

    const index = Math.floor(random.next() * list.length);
    const donor = list[index] as UuidDonor;
    if (remove) list.splice(index, 1);
    this.copiedUuids.add(donor.uuid);
    return donor;
  }

  /** Tell whether an earlier document already used this lowercase canonical uuid. */
  isUsed(uuid: string): boolean {
    return this.copiedUuids.has(uuid);
  }
}
