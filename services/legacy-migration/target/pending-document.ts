import type { MappingOutcome } from '../mapping/outcome';
import type { SourceDocument } from '../source-document';

/** A source document together with what the mapping made of it, waiting to be written. */
export interface PendingDocument {
  document: SourceDocument;
  outcome: MappingOutcome;
}

/** The provenance row of a document, as written to `legacy_marketplace_documents`. */
export interface ProvenanceRow {
  pending: PendingDocument;
  status: 'migrated' | 'quarantined';
  reason: string | null;
  listingId: string | null;
}

/** Order documents by ObjectId, then by collection name, which is the order that decides uuid ownership. */
export function compareSourceOrder(left: PendingDocument, right: PendingDocument): number {
  const byId = left.document.sourceId.localeCompare(right.document.sourceId);
  return byId !== 0 ? byId : left.document.collection.localeCompare(right.document.collection);
}

/** Return the key that identifies a source document across runs. */
export function sourceKey(collection: string, sourceId: string): string {
  return `${collection}/${sourceId}`;
}
