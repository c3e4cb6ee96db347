import type { SourceDocument, SourceLocator } from '../source-document';

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
  /** Read one document again, for verification. Returns undefined when it is no longer there. */
  reread(collection: string, sourceId: string, locator: SourceLocator): Promise<Buffer | undefined>;
  close(): Promise<void>;
}
