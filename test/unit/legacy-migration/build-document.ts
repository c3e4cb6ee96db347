import { BSON, Long, ObjectId } from 'bson';

import type { SourceDocument } from '../../../services/legacy-migration/source-document';
import { parseRawDocument } from '../../../services/legacy-migration/sources/parse-raw-document';

/** Return a well-formed MarketplaceModel document from December 2022, whose fields tests override one by one. */
export function baseFields(): BSON.Document {
  return {
    _id: ObjectId.createFromTime(Date.UTC(2022, 11, 1, 12) / 1000),
    name: 'Cherry blossom',
    description: 'A pink flower',
    amount: new BSON.Int32(4),
    price: new BSON.Int32(25),
    owner: Long.fromString('812345678901234567'),
    owner_name: 'sakura',
    uuid: '6f1c1f5e-8d2a-4c8e-9b7a-0d6a1c2b3e4f',
    date_added: '2022-12-01T12:00:00+00:00',
    updated_price: false,
  };
}

/** Serialize fields into a source document the way every reader produces one. */
export function buildDocument(fields: BSON.Document, collection = 'MarketplaceModel'): SourceDocument {
  const raw = Buffer.from(BSON.serialize(fields));
  return parseRawDocument(collection, raw, { kind: 'live' }, 'test document');
}

/** Build a document from the base fields with some fields replaced, or removed when set to undefined. */
export function documentWith(overrides: BSON.Document, collection?: string): SourceDocument {
  const fields = { ...baseFields(), ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete fields[key];
  return buildDocument(fields, collection);
}
