import { AmountQuirks } from './amount-quirks';
import { CopiedAtRenameQuirk, IdentityQuirks } from './identity-quirks';
import type { LegacyDocument } from './legacy-document';
import type { Quirk, QuirkContext } from './quirk-types';
import { SellerQuirks } from './seller-quirks';
import { TextQuirks } from './text-quirks';
import { Timeline } from './timeline';

/** Every quirk, in the order they apply to a document. The whole-document copy comes first. */
export const QuirkCatalogue: readonly Quirk[] = [
  CopiedAtRenameQuirk,
  ...SellerQuirks,
  ...AmountQuirks,
  ...TextQuirks,
  ...IdentityQuirks,
];

/** Names of every quirk in {@link QuirkCatalogue}. */
export const QuirkNames: readonly string[] = QuirkCatalogue.map((quirk) => quirk.name);

/**
 * Apply quirks to documents: each at its rate, and each once on purpose early in the run, so even a small
 * fixture (200 documents) contains every quirk. Forced quirks go to every `stride`-th document listed after
 * owners were recorded, so a missing owner does not hide them.
 */
export class QuirkScheduler {
  private readonly pending: Quirk[] = [...QuirkCatalogue];
  private readonly stride: number;
  private readonly applied = new Map<string, number>(QuirkNames.map((name) => [name, 0]));

  constructor(documentCount: number) {
    this.stride = Math.max(1, Math.floor(documentCount / (4 * QuirkCatalogue.length)));
  }

  /**
   * Apply the quirks chosen for one document, in catalogue order. A document that gets a forced quirk gets no
   * other, so no second quirk quarantines it and hides the effect of the first.
   */
  applyTo(index: number, document: LegacyDocument, context: QuirkContext): void {
    const forced = this.takeForced(index, document, context);
    if (forced) {
      this.applyForced(forced, document, context);
      return;
    }

    for (const quirk of QuirkCatalogue) {
      if (!quirk.isEligible(document, context) || !context.random.chance(quirk.rate)) continue;
      if (quirk.apply(document, context)) this.count(quirk);
    }
  }

  /** Return how many documents each quirk changed. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.applied);
  }

  private takeForced(index: number, document: LegacyDocument, context: QuirkContext): Quirk | null {
    if (index % this.stride !== 0 || context.listingMs < Timeline.ownerFrom) return null;

    const position = this.pending.findIndex((quirk) => quirk.isEligible(document, context));
    if (position < 0) return null;
    return this.pending.splice(position, 1)[0] as Quirk;
  }

  private applyForced(quirk: Quirk, document: LegacyDocument, context: QuirkContext): void {
    if (quirk.apply(document, context)) this.count(quirk);
    else this.pending.push(quirk);
  }

  private count(quirk: Quirk): void {
    this.applied.set(quirk.name, (this.applied.get(quirk.name) ?? 0) + 1);
  }
}
