import { DateAddedFormats, LocalUtcOffset } from './date-added';
import { DatabaseName } from './legacy-document';
import type { OutcomeTally } from './outcome-tally';
import { Timeline } from './timeline';

/** Contents of manifest.json: how the fixture was made and what the migration must report for it. */
export interface FixtureManifest {
  seed: number;
  count: number;
  database: string;
  localUtcOffset: string;
  dateAddedFormats: typeof DateAddedFormats;
  timeline: Record<keyof typeof Timeline, string>;
  collections: OutcomeTally['collections'];
  statuses: OutcomeTally['statuses'];
  reasons: OutcomeTally['reasons'];
  warnings: OutcomeTally['warnings'];
  quirks: Record<string, number>;
}

/** Build the manifest. It holds no clock time, so the same seed gives the same file. */
export function buildManifest(
  seed: number,
  count: number,
  tally: OutcomeTally,
  quirks: Record<string, number>,
): FixtureManifest {
  const timeline = Object.fromEntries(
    Object.entries(Timeline).map(([key, ms]) => [key, new Date(ms).toISOString()]),
  ) as FixtureManifest['timeline'];

  return {
    seed,
    count,
    database: DatabaseName,
    localUtcOffset: LocalUtcOffset.text,
    dateAddedFormats: DateAddedFormats,
    timeline,
    collections: tally.collections,
    statuses: tally.statuses,
    reasons: tally.reasons,
    warnings: tally.warnings,
    quirks,
  };
}
