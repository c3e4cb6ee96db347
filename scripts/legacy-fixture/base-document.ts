import { Int32, Long, type ObjectId } from 'bson';

import type { CollectionName, LegacyDocument } from './legacy-document';
import type { SeededRandom } from './random';
import type { Seller } from './sellers';
import { Timeline } from './timeline';
import { randomDescription, randomItemName } from './vocabulary';

/** Inputs of {@link buildBaseDocument}. */
export interface BaseDocumentInput {
  id: ObjectId;
  collection: CollectionName;
  listingMs: number;
  seller: Seller;
  dateAdded: string;
}

/**
 * Build a document as the legacy bot wrote it at `listingMs`, with only the fields that existed then and the
 * BSON types that Beanie (Python) wrote: int32 for small integers, int64 for snowflakes.
 */
export function buildBaseDocument(random: SeededRandom, input: BaseDocumentInput): LegacyDocument {
  const { listingMs } = input;
  const document: LegacyDocument = { _id: input.id, name: randomItemName(random) };

  if (listingMs >= Timeline.descriptionFrom) {
    document.description = random.chance(0.7) ? randomDescription(random) : null;
  }
  document.amount = new Int32(random.chance(0.05) ? 0 : random.integer(1, 50));
  if (listingMs >= Timeline.priceFrom) document.price = new Int32(randomPrice(random));
  if (listingMs >= Timeline.ownerFrom) document.owner = Long.fromBigInt(input.seller.id);
  if (input.collection === 'MarketplaceModel') document.owner_name = input.seller.username;
  if (listingMs >= Timeline.shortUuidFrom) document.uuid = randomUuid(random, listingMs);
  document.date_added = input.dateAdded;
  if (listingMs >= Timeline.updatedPriceFrom) document.updated_price = random.chance(0.1);
  return document;
}

// Prices are whole petals. Most items are cheap and a few are very expensive.
function randomPrice(random: SeededRandom): number {
  return random.chance(0.9) ? random.integer(10, 5_000) : random.integer(5_001, 2_000_000);
}

function randomUuid(random: SeededRandom, listingMs: number): string {
  return listingMs >= Timeline.canonicalUuidFrom ? random.uuid4() : random.hex(16);
}
