import type { ExpectedOutcome } from './expected-outcome';
import { CollectionNames, type CollectionName } from './legacy-document';
import { QuarantineReasons, WarningCodes, type QuarantineReason, type WarningCode } from './outcome-codes';

function zeroCounts<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/**
 * Counts of expected outcomes for manifest.json. Every reason and warning code is listed, with 0 when absent.
 * Warnings are counted on migrated documents only, like expected.jsonl lists them.
 */
export class OutcomeTally {
  readonly collections = zeroCounts<CollectionName>(CollectionNames);
  readonly statuses = { migrated: 0, quarantined: 0 };
  readonly reasons = zeroCounts<QuarantineReason>(QuarantineReasons);
  readonly warnings = zeroCounts<WarningCode>(WarningCodes);

  /** Count one outcome. */
  add(outcome: ExpectedOutcome): void {
    this.collections[outcome.collection] += 1;
    this.statuses[outcome.status] += 1;
    if (outcome.reason) this.reasons[outcome.reason] += 1;
    for (const warning of outcome.warnings) this.warnings[warning] += 1;
  }
}
