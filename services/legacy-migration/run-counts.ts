/** Counts of one collection in a run's report. */
export interface CollectionCounts {
  sourceDocuments: number;
  migrated: number;
  alreadyMigrated: number;
  quarantined: number;
  /** Documents already migrated whose source bytes have changed since; the stored row is left as it was. */
  changedSinceMigrated: number;
  /** Documents migrated by an earlier run that this run reclassified as duplicates of an earlier uuid owner. */
  reclassifiedFromEarlierRun: number;
}

/** Every count a run reports, filled in as batches commit. */
export class RunCounts {
  readonly collections = new Map<string, CollectionCounts>();
  readonly reasons = new Map<string, number>();
  readonly warnings = new Map<string, number>();

  collection(name: string): CollectionCounts {
    let counts = this.collections.get(name);
    if (!counts) {
      counts = {
        sourceDocuments: 0,
        migrated: 0,
        alreadyMigrated: 0,
        quarantined: 0,
        changedSinceMigrated: 0,
        reclassifiedFromEarlierRun: 0,
      };
      this.collections.set(name, counts);
    }
    return counts;
  }

  addReason(category: string, delta = 1): void {
    this.reasons.set(category, (this.reasons.get(category) ?? 0) + delta);
  }

  addWarning(code: string): void {
    this.warnings.set(code, (this.warnings.get(code) ?? 0) + 1);
  }

  /** Add another set of counts, such as one batch's, to these. */
  merge(other: RunCounts): void {
    for (const [name, counts] of other.collections) {
      const mine = this.collection(name);
      for (const key of Object.keys(counts) as (keyof CollectionCounts)[]) mine[key] += counts[key];
    }
    for (const [category, count] of other.reasons) this.addReason(category, count);
    for (const [code, count] of other.warnings)
      this.warnings.set(code, (this.warnings.get(code) ?? 0) + count);
  }
}
