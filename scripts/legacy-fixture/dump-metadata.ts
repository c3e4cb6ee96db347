import { EJSON, Int32 } from 'bson';

import type { CollectionName } from './legacy-document';
import type { SeededRandom } from './random';

/**
 * Build the `<collection>.metadata.json` text that mongodump writes next to a collection's BSON file: the
 * collection's indexes (only `_id_` here), its collection UUID and its type, in canonical Extended JSON.
 */
export function buildDumpMetadata(collection: CollectionName, random: SeededRandom): string {
  const metadata = {
    indexes: [{ v: new Int32(2), key: { _id: new Int32(1) }, name: '_id_' }],
    uuid: random.hex(32),
    collectionName: collection,
    type: 'collection',
  };
  return EJSON.stringify(metadata, { relaxed: false });
}
