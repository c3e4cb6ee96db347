import { randomInt } from 'node:crypto';

import type { SourceDocument } from './source-document';

/** The identity and location of a sampled document, kept without its bytes so verification can read it again. */
export type SampledDocument = Pick<SourceDocument, 'collection' | 'sourceId' | 'locator'>;

/**
 * Keep a uniform random sample of the documents read (reservoir sampling, Algorithm R), in memory bounded by
 * the sample size whatever the input size.
 */
export class SampleReservoir {
  private readonly sample: SampledDocument[] = [];
  private seen = 0;

  constructor(private readonly size: number) {}

  offer(document: SourceDocument): void {
    this.seen += 1;
    const entry = { collection: document.collection, sourceId: document.sourceId, locator: document.locator };
    if (this.sample.length < this.size) {
      this.sample.push(entry);
      return;
    }
    const slot = randomInt(this.seen);
    if (slot < this.size) this.sample[slot] = entry;
  }

  documents(): readonly SampledDocument[] {
    return this.sample;
  }
}
