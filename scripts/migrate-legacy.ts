import { writeFile } from 'node:fs/promises';

import { Command, InvalidArgumentError, Option } from 'commander';

import { runSchemaMigrations } from '../services/database/schema-migrations';
import { resolveDatabaseTarget, type DatabaseTarget } from '../services/database/target';
import { LegacyMigrationError } from '../services/legacy-migration/errors';
import { createProgressReporter } from '../services/legacy-migration/progress-reporter';
import {
  DefaultLegacyMigrationOptions,
  runLegacyMigration,
} from '../services/legacy-migration/run-migration';
import { formatReport, type RunReport } from '../services/legacy-migration/run-report';
import type { LegacySource } from '../services/legacy-migration/sources/legacy-source';
import { openLegacySource } from '../services/legacy-migration/sources/open-source';
import { createLogger, type Logger } from '../services/logging/logger';

// Migrates the legacy MongoDB marketplace into PostgreSQL once. Exit codes: 0 done, 1 unexpected error,
// 2 invalid arguments, 3 source error, 4 target error, 5 report totals do not add up, 6 verification failed.

interface CliOptions {
  from: string;
  to?: string;
  dryRun: boolean;
  report?: string;
  collections?: string[];
  batchSize: number;
  sampleSize: number;
  connectTimeoutMs: number;
  json: boolean;
}

async function main(argv: string[]): Promise<number> {
  const options = await parseArguments(argv);
  const logger = createLogger({ name: 'migrate-legacy', fd: 2 });

  // The source is opened first, so a wrong --from fails before any database is touched.
  const source = await openLegacySource({
    from: options.from,
    collections: options.collections,
    batchSize: options.batchSize,
    serverSelectionTimeoutMs: options.connectTimeoutMs,
  });
  try {
    const target = await resolveDatabaseTarget({ ...(options.to ? { url: options.to } : {}) }, logger);
    try {
      if (target.source === 'embedded') await prepareEmbedded(target, logger);
      const report = await migrate(options, source, target, logger);
      await publishReport(report, options);
      return exitCodeOf(report, logger);
    } finally {
      await target.release();
    }
  } finally {
    await source.close();
  }
}

async function parseArguments(argv: string[]): Promise<CliOptions> {
  const program = new Command('migrate:legacy')
    .description(
      'Migrate the legacy MongoDB marketplace into PostgreSQL. Safe to run again: finished documents are skipped.',
    )
    .addOption(
      new Option(
        '--from <source>',
        'mongodb:// URI, mongodump folder, .bson or .bson.gz file, or mongoexport .jsonl file',
      )
        .env('LEGACY_SOURCE')
        .argParser(parseSource)
        .makeOptionMandatory(),
    )
    .option('--to <postgres-url>', 'target PostgreSQL (default: DATABASE_URL, then the embedded server)')
    .option('--dry-run', 'migrate inside a transaction that is rolled back, so nothing is written', false)
    .option('--report <file.json>', 'also write the report as JSON to this file')
    .option(
      '--collections <names>',
      'comma-separated collections (default: Marketplace,MarketplaceModel)',
      parseCollections,
    )
    .option(
      '--batch-size <n>',
      'documents per transaction, 1 to 50000',
      parseIntegerIn(1, 50_000),
      DefaultLegacyMigrationOptions.batchSize,
    )
    .option(
      '--sample-size <n>',
      'documents re-read for verification, 0 to 10000',
      parseIntegerIn(0, 10_000),
      DefaultLegacyMigrationOptions.sampleSize,
    )
    .option(
      '--connect-timeout-ms <ms>',
      'how long to wait for a MongoDB server, 100 to 600000',
      parseIntegerIn(100, 600_000),
      10_000,
    )
    .option('--json', 'print the report as JSON instead of a summary', false)
    .showHelpAfterError()
    .exitOverride();
  await program.parseAsync(argv);
  return program.opts<CliOptions>();
}

async function prepareEmbedded(target: DatabaseTarget, logger: Logger): Promise<void> {
  // The embedded server is a development database, so it is brought to the latest schema here. A real target
  // must be migrated by its operator with `npm run db:migrate`, and the migration checks that it was.
  await runSchemaMigrations({ databaseUrl: target.url, direction: 'up' }, logger);
}

function migrate(
  options: CliOptions,
  source: LegacySource,
  target: DatabaseTarget,
  logger: Logger,
): Promise<RunReport> {
  return runLegacyMigration({
    source,
    databaseUrl: target.url,
    dryRun: options.dryRun,
    batchSize: options.batchSize,
    sampleSize: options.sampleSize,
    logger,
    progress: createProgressReporter(logger),
  });
}

async function publishReport(report: RunReport, options: CliOptions): Promise<void> {
  if (options.report) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

function exitCodeOf(report: RunReport, logger: Logger): number {
  if (!report.totalsAddUp) {
    const error = new LegacyMigrationError(
      'ReportInconsistent',
      'The report totals do not add up; see the report.',
    );
    logger.error({ err: error, totals: report.totals }, 'report totals do not add up');
    return error.exitCode;
  }
  if (report.verification && !report.verification.passed) {
    const error = new LegacyMigrationError(
      'VerificationFailed',
      'Verification found problems; see the report.',
    );
    logger.error({ err: error, problems: report.verification.problems.slice(0, 20) }, 'verification failed');
    return error.exitCode;
  }
  return 0;
}

function parseSource(value: string): string {
  if (value.trim() === '')
    throw new InvalidArgumentError('expected a MongoDB URI or a path, but it is empty.');
  return value;
}

function parseCollections(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => !/^[A-Za-z0-9_.-]+$/.test(name))) {
    throw new InvalidArgumentError(
      'expected comma-separated collection names, such as Marketplace,MarketplaceModel.',
    );
  }
  return [...new Set(names)];
}

function parseIntegerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return number;
  };
}

function exitCodeOfError(error: unknown): number {
  if (error instanceof LegacyMigrationError) return error.exitCode;
  const commanderCode = (error as { code?: string }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') return 0;
  if (commanderCode?.startsWith('commander.')) return 2;
  if ((error as { code?: string }).code === 'KUMIKO_DB_INVALID_URL') return 2;
  if ((error as { code?: string }).code?.startsWith('KUMIKO_DB_')) return 4;
  return 1;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = exitCodeOfError(error);
    const isCommander = (error as { code?: string }).code?.startsWith('commander.');
    if (!isCommander)
      process.stderr.write(
        `migrate:legacy failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    process.exitCode = code;
  },
);
