import { BSON, ObjectId } from 'bson';

import { LegacyMigrationError } from '../errors';
import type { SourceDocument, SourceLocator } from '../source-document';

/**
 * Deserialize a raw BSON document with its wrapper types kept, and check that its `_id` is an ObjectId.
 *
 * @throws LegacyMigrationError `KUMIKO_LEGACY_SOURCE_READ_FAILED` for bytes that are not a BSON document, and
 *   `KUMIKO_LEGACY_UNSUPPORTED_ID` for an `_id` that is not an ObjectId.
 */
export function parseRawDocument(
  collection: string,
  raw: Buffer,
  locator: SourceLocator,
  where: string,
): SourceDocument {
  let fields: BSON.Document;
  try {
    fields = BSON.deserialize(raw, {
      promoteValues: false,
      promoteBuffers: false,
      validation: { utf8: false },
    });
  } catch (error) {
    throw new LegacyMigrationError(
      'SourceReadFailed',
      `The document at ${where} is not valid BSON (${(error as Error).message}). The source is corrupt there; ` +
        'restore it from a fresh export and run the migration again. Batches already written stay valid.',
      { cause: error },
    );
  }

  const id: unknown = fields._id;
  if (!(id instanceof ObjectId)) {
    throw new LegacyMigrationError(
      'UnsupportedDocumentId',
      `The document at ${where} has an _id that is not an ObjectId. The legacy bot only wrote ObjectIds, so this ` +
        'document was added by hand; give it an ObjectId _id or remove it, then run the migration again.',
    );
  }
  return { collection, sourceId: id.toHexString(), raw, fields, locator };
}
