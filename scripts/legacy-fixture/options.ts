import { FixtureError, FixtureErrorCodes } from './errors';
import { MaxObjectIdsPerRun } from './object-ids';

/** Options of one fixture run. */
export interface FixtureOptions {
  /** Number of documents over both collections. */
  count: number;
  /** PRNG seed, an unsigned 32-bit integer. The same seed and count give byte-identical files. */
  seed: number;
  /** Output folder. It is created when missing, and files of an earlier run are overwritten. */
  outDir: string;
  /** Number of distinct sellers. */
  sellerCount?: number;
  /** Size at which buffered output is handed to the file stream, in bytes. */
  flushBytes?: number;
}

/** Defaults of the optional {@link FixtureOptions}. */
export const DefaultFixtureOptions = {
  sellerCount: 300,
  flushBytes: 1_048_576,
} as const satisfies Required<Omit<FixtureOptions, 'count' | 'seed' | 'outDir'>>;

/** Upper bound of {@link FixtureOptions.count}, set by the 3-byte ObjectId counter. */
export const MaxDocumentCount = MaxObjectIdsPerRun;

/**
 * Check fixture options.
 *
 * @throws FixtureError `KUMIKO_FIXTURE_INVALID_OPTION` when the count, seed or folder is invalid.
 */
export function validateFixtureOptions(options: FixtureOptions): Required<FixtureOptions> {
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > MaxDocumentCount) {
    throw invalid(`count must be a whole number from 1 to ${MaxDocumentCount}, got ${options.count}.`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffff_ffff) {
    throw invalid(`seed must be a whole number from 0 to 4294967295, got ${options.seed}.`);
  }
  if (options.outDir.trim() === '') throw invalid('outDir must name a folder, got an empty string.');
  return { ...DefaultFixtureOptions, ...options };
}

function invalid(message: string): FixtureError {
  return new FixtureError(FixtureErrorCodes.InvalidOption, `Invalid fixture option: ${message}`);
}
