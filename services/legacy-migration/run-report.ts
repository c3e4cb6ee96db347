import type { CollectionCounts, RunCounts } from './run-counts';
import type { VerificationResult } from './verify-run';

/** The report of one run, written as JSON by `--report` and printed as a summary. */
export interface RunReport {
  source: string;
  target: string;
  dryRun: boolean;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  collections: Record<string, CollectionCounts>;
  totals: CollectionCounts;
  quarantineReasons: Record<string, number>;
  warnings: Record<string, number>;
  /** True when, in every collection, migrated + alreadyMigrated + quarantined equals the source documents. */
  totalsAddUp: boolean;
  verification: VerificationResult | undefined;
}

/** Build the report of a finished run from its counts. */
export function buildReport(
  fields: Pick<RunReport, 'source' | 'target' | 'dryRun' | 'runId' | 'startedAt'>,
  counts: RunCounts,
  verification: VerificationResult | undefined,
): RunReport {
  const collections = Object.fromEntries(counts.collections);
  const totals = sumCounts(Object.values(collections));
  const finishedAt = new Date();
  return {
    ...fields,
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - Date.parse(fields.startedAt),
    collections,
    totals,
    quarantineReasons: sortedRecord(counts.reasons),
    warnings: sortedRecord(counts.warnings),
    totalsAddUp: Object.values(collections).every(addsUp) && reasonsAddUp(totals, counts),
    verification,
  };
}

function addsUp(counts: CollectionCounts): boolean {
  return counts.migrated + counts.alreadyMigrated + counts.quarantined === counts.sourceDocuments;
}

function reasonsAddUp(totals: CollectionCounts, counts: RunCounts): boolean {
  const reasons = [...counts.reasons.values()].reduce((sum, count) => sum + count, 0);
  return reasons === totals.quarantined;
}

function sumCounts(all: CollectionCounts[]): CollectionCounts {
  const total: CollectionCounts = {
    sourceDocuments: 0,
    migrated: 0,
    alreadyMigrated: 0,
    quarantined: 0,
    changedSinceMigrated: 0,
    reclassifiedFromEarlierRun: 0,
  };
  for (const counts of all)
    for (const key of Object.keys(total) as (keyof CollectionCounts)[]) total[key] += counts[key];
  return total;
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([left], [right]) => left.localeCompare(right)));
}

/** Format a report as a short plain-text summary for the terminal. */
export function formatReport(report: RunReport): string {
  const lines = [`Legacy marketplace migration${report.dryRun ? ' (dry run: nothing was written)' : ''}`];
  lines.push(`  source: ${report.source}`, `  target: ${report.target}`, '');
  lines.push('  collection          source  migrated  already  quarantined');
  for (const [name, counts] of [...Object.entries(report.collections), ['total', report.totals] as const]) {
    lines.push(
      `  ${name.padEnd(18)} ${String(counts.sourceDocuments).padStart(7)} ${String(counts.migrated).padStart(9)} ` +
        `${String(counts.alreadyMigrated).padStart(8)} ${String(counts.quarantined).padStart(12)}`,
    );
  }
  appendCounts(lines, 'quarantine reasons', report.quarantineReasons);
  appendCounts(lines, 'warnings', report.warnings);
  if (report.totals.changedSinceMigrated > 0) {
    lines.push(
      '',
      `  ${report.totals.changedSinceMigrated} already migrated documents changed at the source since; their stored rows were kept.`,
    );
  }
  lines.push('', `  totals add up: ${report.totalsAddUp ? 'yes' : 'NO'}`);
  if (report.verification) {
    const verdict = report.verification.passed
      ? 'passed'
      : `FAILED (${report.verification.problems.length} problems)`;
    lines.push(
      `  verification: ${verdict}, counts per collection and a sample of ${report.verification.sampleSize} documents`,
    );
    for (const problem of report.verification.problems.slice(0, 10)) lines.push(`    - ${problem}`);
  }
  return `${lines.join('\n')}\n`;
}

function appendCounts(lines: string[], title: string, counts: Record<string, number>): void {
  if (Object.keys(counts).length === 0) return;
  lines.push('', `  ${title}:`);
  for (const [key, count] of Object.entries(counts)) lines.push(`    ${key.padEnd(28)} ${count}`);
}
