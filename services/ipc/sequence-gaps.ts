/** A detected gap: `missed` events of one publisher and topic never arrived. */
export interface SequenceGap {
  publisherId: string;
  topic: string;
  expected: number;
  received: number;
  missed: number;
}

/**
 * Track the last event sequence number per (publisher, topic) and report the numbers skipped. The first event
 * seen from a publisher on a topic sets the baseline, because a subscriber that joins late has missed nothing
 * it asked for. A sequence that goes backwards also resets the baseline.
 */
export class SequenceGapTracker {
  private readonly lastSequence = new Map<string, number>();
  private totalMissed = 0;

  constructor(private readonly maxTrackedStreams = 10_000) {}

  /** Record one event. Returns the gap before it, if any. */
  observe(publisherId: string, topic: string, sequence: number): SequenceGap | undefined {
    const key = `${publisherId}\u0000${topic}`;
    const last = this.lastSequence.get(key);
    this.remember(key, sequence);
    if (last === undefined || sequence <= last + 1) return undefined;

    const missed = sequence - last - 1;
    this.totalMissed += missed;
    return { publisherId, topic, expected: last + 1, received: sequence, missed };
  }

  /** Events known to be missed since this tracker was created. */
  get missed(): number {
    return this.totalMissed;
  }

  private remember(key: string, sequence: number): void {
    // Bounded: the oldest stream is forgotten first, because Map iterates in insertion order.
    this.lastSequence.delete(key);
    this.lastSequence.set(key, sequence);
    if (this.lastSequence.size > this.maxTrackedStreams) {
      const oldest = this.lastSequence.keys().next().value;
      if (oldest !== undefined) this.lastSequence.delete(oldest);
    }
  }
}
