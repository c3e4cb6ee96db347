import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedServer } from '../services/database/embedded-server';
import { runSchemaMigrations } from '../services/database/schema-migrations';
import { createLogger } from '../services/logging/logger';
import { generateFixture } from '../scripts/legacy-fixture/generate-fixture';
import { runMeasured } from './support/child-process-peak';
import { loadWithCopy, prepareCopyFiles } from './support/copy-ceiling';
import { runAdminStatement, withDatabase } from '../test/support/admin-sql';
import { findFreePort } from '../test/support/free-port';
import { describeMachine, median } from './support/machine';

// Benchmark of the legacy migration: documents/s end to end from mongodump files, next to a plain COPY of the
// same final rows into the same server in the same run, and the migration's peak RSS.
// Usage: npm run bench:migrate [-- --sizes 100000,1000000 --rounds 3]

const logger = createLogger({ name: 'bench-migrate', fd: 2 });

interface SizeResult {
  documents: number;
  migrateDocumentsPerSecond: number[];
  copyDocumentsPerSecond: number[];
  peakRssMiB: number[];
}

async function main(): Promise<void> {
  const sizes = readListArgument('--sizes', [100_000, 1_000_000]);
  const rounds = readListArgument('--rounds', [3])[0] ?? 3;
  const workDir = await mkdtemp(path.join(tmpdir(), 'kumiko-bench-migrate-'));
  // The embedded server runs as the `postgres` user when this runs as root, and must reach its data folder.
  await chmod(workDir, 0o755);
  const server = await startEmbeddedServer(
    { dataDir: path.join(workDir, 'pg'), port: await findFreePort(), database: 'postgres' },
    logger,
  );

  try {
    const results: SizeResult[] = [];
    for (const size of sizes)
      results.push(await measureSize(size, size >= 1_000_000 ? 1 : rounds, workDir, server.adminUrl));
    printResults(results);
  } finally {
    await server.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function measureSize(
  size: number,
  rounds: number,
  workDir: string,
  adminUrl: string,
): Promise<SizeResult> {
  const fixtureDir = path.join(workDir, `fixture-${size}`);
  logger.info({ size }, 'generating the fixture');
  await generateFixture({ count: size, seed: 42, outDir: fixtureDir }, logger);
  const dump = path.join(fixtureDir, 'dump');
  const copyFiles = await prepareCopyFiles(dump, workDir);

  const result: SizeResult = {
    documents: size,
    migrateDocumentsPerSecond: [],
    copyDocumentsPerSecond: [],
    peakRssMiB: [],
  };
  for (let round = 1; round <= rounds; round += 1) {
    const copyUrl = await freshDatabase(adminUrl, `bench_copy_${round}`);
    const copyMs = await loadWithCopy(copyUrl, copyFiles);
    result.copyDocumentsPerSecond.push(size / (copyMs / 1000));

    const migrateUrl = await freshDatabase(adminUrl, `bench_migrate_${round}`);
    const run = await runMeasured(process.execPath, [
      '--import',
      'tsx',
      'scripts/migrate-legacy.ts',
      '--from',
      dump,
      '--to',
      migrateUrl,
      '--json',
    ]);
    if (run.exitCode !== 0)
      throw new Error(`migration exited with ${run.exitCode}: ${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout) as { durationMs: number; totals: { sourceDocuments: number } };
    if (report.totals.sourceDocuments !== size)
      throw new Error(`migration read ${report.totals.sourceDocuments} of ${size} documents`);
    result.migrateDocumentsPerSecond.push(size / (run.wallMs / 1000));
    result.peakRssMiB.push(run.peakRssMiB);
    logger.info(
      {
        size,
        round,
        copyMs: Math.round(copyMs),
        migrateMs: Math.round(run.wallMs),
        peakRssMiB: Math.round(run.peakRssMiB),
      },
      'round done',
    );
  }
  await rm(fixtureDir, { recursive: true, force: true });
  return result;
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await runAdminStatement(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  await runSchemaMigrations({ databaseUrl: url, direction: 'up' }, logger);
  return url;
}

function printResults(results: SizeResult[]): void {
  const lines = [
    describeMachine(),
    '',
    '| documents | migration docs/s (median) | COPY docs/s (median) | ratio | peak RSS MiB (max) | rounds |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const migrate = median(result.migrateDocumentsPerSecond);
    const copy = median(result.copyDocumentsPerSecond);
    lines.push(
      `| ${result.documents.toLocaleString('en-US')} | ${Math.round(migrate).toLocaleString('en-US')} | ${Math.round(copy).toLocaleString('en-US')} | ` +
        `${(migrate / copy).toFixed(2)} | ${Math.round(Math.max(...result.peakRssMiB))} | ${result.migrateDocumentsPerSecond.length} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function readListArgument(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const values = (process.argv[index + 1] ?? '').split(',').map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new Error(
      `${name} expects comma-separated whole numbers of 1 or more, such as ${name} 100000,1000000`,
    );
  }
  return values;
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'benchmark failed');
  process.exitCode = 1;
});
