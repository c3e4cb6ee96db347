import type { Logger } from '../logging/logger';

/**
 * Log a repeating warning at most once per interval per key, with the number of repeats suppressed since the
 * last line, so a peer that floods bad frames cannot flood the log.
 */
export class RateLimitedLog {
  private readonly lastLoggedAt = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const last = this.lastLoggedAt.get(key);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
      return;
    }

    const suppressedCount = this.suppressed.get(key) ?? 0;
    this.suppressed.delete(key);
    this.lastLoggedAt.set(key, now);
    this.log.warn({ ...fields, suppressedCount }, message);
  }
}
