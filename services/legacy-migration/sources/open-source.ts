import { openFileSource } from './file-source';
import type { LegacySource } from './legacy-source';
import { openLiveSource } from './live-source';

/** Options of {@link openLegacySource}. */
export interface OpenSourceOptions {
  /** A mongodb:// or mongodb+srv:// URI, a mongodump folder, a .bson or .bson.gz file, or a .jsonl export. */
  from: string;
  collections: readonly string[] | undefined;
  batchSize: number;
  serverSelectionTimeoutMs: number;
}

/** Open the legacy source that `from` names, choosing the reader by its form. */
export function openLegacySource(options: OpenSourceOptions): Promise<LegacySource> {
  if (/^mongodb(\+srv)?:\/\//.test(options.from)) {
    return openLiveSource({
      uri: options.from,
      collections: options.collections,
      batchSize: options.batchSize,
      serverSelectionTimeoutMs: options.serverSelectionTimeoutMs,
    });
  }
  return openFileSource(options.from, options.collections);
}
