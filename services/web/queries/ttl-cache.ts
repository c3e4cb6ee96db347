/**
 * A bounded in-memory cache whose entries expire after `ttlMs`. Concurrent misses on one key share a single
 * load, so a burst of identical requests runs one query. With `ttlMs` 0 it caches nothing.
 */
export class TtlCache<Value> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<Value> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Return the cached value of `key`, or load, cache and return it. A failed load is not cached. */
  get(key: string, load: () => Promise<Value>): Promise<Value> {
    if (this.ttlMs <= 0) return load();

    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;

    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.ttlMs, value });
    value.catch(() => this.entries.delete(key));
    this.evictOldest();
    return value;
  }

  private evictOldest(): void {
    // Map iterates in insertion order, and a refreshed key is re-inserted, so the first key is the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}
