import type { SourceDocument, SourceLocator } from '../source-document';

/** A document to read again: its identity and where it was read. */
export interface DocumentToReread {
  collection: string;
  sourceId: string;
  locator: SourceLocator;
}

/** Return the key under which {@link LegacySource.reread} returns a document. */
export function rereadKey(document: Pick<DocumentToReread, 'collection' | 'sourceId'>): string {
  return `${document.collection}/${document.sourceId}`;
}

/** The database name the legacy bot used, taken when a MongoDB URI names none. */
export const DefaultLegacyDatabase = 'kumiko_marketplace';

/** The collections the legacy bot wrote, in the order it wrote them. */
export const DefaultLegacyCollections = ['Marketplace', 'MarketplaceModel'] as const;

/** How far reading has come, in the unit the source can measure. */
export interface SourceProgress {
  done: number;
  total: number | undefined;
  unit: 'documents' | 'bytes';
}

/** A place the legacy documents are read from: a live server, a mongodump folder or file, or an export. */
export interface LegacySource {
  /** A description for logs and the report, without credentials. */
  readonly description: string;
  /** The collections this run reads, in reading order. */
  readonly collections: readonly string[];
  /** Stream one collection's documents with bounded memory. */
  read(collection: string): AsyncIterable<SourceDocument>;
  /** Report how much has been read so far. */
  progress(): SourceProgress;
  /** Count a collection's documents at the source, or return undefined when only reading counts them. */
  count(collection: string): Promise<number | undefined>;
  /**
   * Read documents again, for verification, keyed by {@link rereadKey}. A document that is no longer there is
   * missing from the result. A gzipped file, which cannot seek, is read once for all of its documents.
   */
  reread(documents: readonly DocumentToReread[]): Promise<Map<string, Buffer>>;
  close(): Promise<void>;
}
