import { BSON, EJSON } from 'bson';

import { BufferedFile } from './buffered-file';
import type { CollectionName, LegacyDocument } from './legacy-document';
import { OutputLayout } from './output-layout';

interface SerializedDocument {
  bson: Buffer;
  extendedJson: string;
}

interface HeldDocument {
  document: SerializedDocument;
  remaining: number;
}

/**
 * Write one collection's documents to its mongodump file, its gzipped mongodump file and its mongoexport
 * file, in the same order. A document with a displacement is held back until that many later documents of
 * the collection are written, as a hand edit moves a document in MongoDB's natural order.
 */
export class CollectionWriter {
  private readonly files: { bson: BufferedFile; gzip: BufferedFile; jsonl: BufferedFile };
  private heldDocuments: HeldDocument[] = [];

  constructor(outDir: string, collection: CollectionName, flushBytes: number) {
    this.files = {
      bson: new BufferedFile(OutputLayout.bson(outDir, collection), flushBytes, false),
      gzip: new BufferedFile(OutputLayout.gzipBson(outDir, collection), flushBytes, true),
      jsonl: new BufferedFile(OutputLayout.jsonl(outDir, collection), flushBytes, false),
    };
  }

  /** Serialize and write a document, or hold it back for `displacement` later documents. */
  async write(document: LegacyDocument, displacement: number): Promise<void> {
    const serialized = serialize(document);
    if (displacement > 0) {
      this.heldDocuments.push({ document: serialized, remaining: displacement });
      return;
    }

    this.emit(serialized);
    this.releaseHeld();
    await this.flushIfFull();
  }

  /** Write held documents and close the three files. */
  async close(): Promise<void> {
    for (const entry of this.heldDocuments) this.emit(entry.document);
    this.heldDocuments = [];
    await Promise.all([this.files.bson.close(), this.files.gzip.close(), this.files.jsonl.close()]);
  }

  private releaseHeld(): void {
    if (this.heldDocuments.length === 0) return;

    const stillHeld: HeldDocument[] = [];
    for (const entry of this.heldDocuments) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.emit(entry.document);
      else stillHeld.push(entry);
    }
    this.heldDocuments = stillHeld;
  }

  private emit(document: SerializedDocument): void {
    this.files.bson.append(document.bson);
    this.files.gzip.append(document.bson);
    this.files.jsonl.append(document.extendedJson);
  }

  private async flushIfFull(): Promise<void> {
    await this.files.bson.flushIfFull();
    await this.files.gzip.flushIfFull();
    await this.files.jsonl.flushIfFull();
  }
}

function serialize(document: LegacyDocument): SerializedDocument {
  const bytes = BSON.serialize(document);
  return {
    bson: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    extendedJson: `${EJSON.stringify(document, { relaxed: false })}\n`,
  };
}
