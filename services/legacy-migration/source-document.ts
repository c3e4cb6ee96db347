import type { Document } from 'bson';

/** The location a document was read from, so verification can read it again. */
export type SourceLocator =
  | { kind: 'bson-file'; path: string; offset: number; compressed: boolean }
  | { kind: 'extended-json-file'; path: string; offset: number }
  | { kind: 'live' };

/** One document of the legacy marketplace, as read from any source. */
export interface SourceDocument {
  /** Source collection, such as `Marketplace` or `MarketplaceModel`. */
  readonly collection: string;
  /** 24-hex ObjectId of the document. */
  readonly sourceId: string;
  /** The document's exact BSON bytes. */
  readonly raw: Buffer;
  /** The document deserialized with BSON wrapper types kept (Int32, Long, Double, Decimal128). */
  readonly fields: Document;
  readonly locator: SourceLocator;
}
