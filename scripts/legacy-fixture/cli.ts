import { Command, InvalidArgumentError } from 'commander';

import { createLogger } from '../../services/logging/logger';
import { generateFixture } from './generate-fixture';
import { MaxDocumentCount } from './options';

/** Parsed command-line options of `fixture:legacy`. */
export interface FixtureCliOptions {
  count: number;
  seed: number;
  out: string;
}

const WholeNumber = /^[0-9]+$/;

/** Parse `--count`: a whole number from 1 to {@link MaxDocumentCount}. */
export function parseCount(value: string): number {
  const count = WholeNumber.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > MaxDocumentCount) {
    throw new InvalidArgumentError(`--count must be a whole number from 1 to ${MaxDocumentCount}.`);
  }
  return count;
}

/** Parse `--seed`: a whole number from 0 to 4294967295 (the PRNG state is 32 bits). */
export function parseSeed(value: string): number {
  const seed = WholeNumber.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed) || seed > 0xffff_ffff) {
    throw new InvalidArgumentError('--seed must be a whole number from 0 to 4294967295.');
  }
  return seed;
}

/** Build the `fixture:legacy` command. Tests call `exitOverride()` on it to see errors instead of exiting. */
export function buildFixtureCommand(): Command {
  return new Command('fixture:legacy')
    .description(
      'Generate a legacy MongoDB marketplace fixture: mongodump, gzipped mongodump and mongoexport files of ' +
        'the same documents, expected.jsonl with the outcome the migration must reach, and manifest.json.',
    )
    .requiredOption(
      '--out <dir>',
      'output folder, created when missing (files of an earlier run are overwritten)',
    )
    .option('--count <n>', 'number of documents over both collections', parseCount, 1_000)
    .option('--seed <n>', 'PRNG seed: the same seed and count give byte-identical files', parseSeed, 1)
    .showHelpAfterError();
}

/** Run the command on `argv` (as `process.argv`), writing logs to stderr. */
export async function runFixtureCli(argv: readonly string[]): Promise<void> {
  const command = buildFixtureCommand();
  await command.parseAsync(argv);

  const options = command.opts<FixtureCliOptions>();
  const logger = createLogger({ name: 'fixture-legacy', fd: 2 });
  const startedMs = performance.now();
  const manifest = await generateFixture(
    { count: options.count, seed: options.seed, outDir: options.out },
    logger,
  );
  const elapsedMs = Math.round(performance.now() - startedMs);
  process.stdout.write(
    `Wrote ${manifest.count} documents (${manifest.statuses.migrated} to migrate, ` +
      `${manifest.statuses.quarantined} to quarantine) to ${options.out} in ${elapsedMs} ms.\n`,
  );
}
