import { describe, expect, it } from 'vitest';

import { TtlCache } from '../../../services/web/queries/ttl-cache';

describe('TtlCache', () => {
  it('shares one load per key', async () => {
    const cache = new TtlCache<number>(1_000, 10);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(loads).toBe(1);
  });

  it('reloads after expiry', async () => {
    const cache = new TtlCache<number>(1, 10);
    let loads = 0;
    await cache.get('a', () => Promise.resolve(++loads));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('a', () => Promise.resolve(++loads))).toBe(2);
  });

  it('forgets a failed load', async () => {
    const cache = new TtlCache<number>(1_000, 10);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', () => Promise.resolve(7))).toBe(7);
  });

  it('evicts the oldest key', async () => {
    const cache = new TtlCache<string>(1_000, 1);
    await cache.get('a', () => Promise.resolve('first'));
    await cache.get('b', () => Promise.resolve('second'));
    expect(await cache.get('a', () => Promise.resolve('reloaded'))).toBe('reloaded');
  });

  it('caches nothing at ttl 0', async () => {
    const cache = new TtlCache<number>(0, 10);
    let loads = 0;
    await cache.get('a', () => Promise.resolve(++loads));
    await cache.get('a', () => Promise.resolve(++loads));
    expect(loads).toBe(2);
  });
});
