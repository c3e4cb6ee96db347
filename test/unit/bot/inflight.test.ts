import { describe, expect, it } from 'vitest';

import { InflightTracker } from '../../../services/bot/inflight';

describe('InflightTracker', () => {
  it('drains at once when idle', async () => {
    expect(await new InflightTracker().drain(10)).toBe(true);
  });

  it('waits for running work', async () => {
    const tracker = new InflightTracker();
    let finish = () => {};
    const work = tracker.track(() => new Promise<void>((resolve) => (finish = resolve)));

    const drained = tracker.drain(1_000);
    finish();

    expect(await drained).toBe(true);
    await work;
  });

  it('gives up after the timeout', async () => {
    const tracker = new InflightTracker();
    let finish = () => {};
    const work = tracker.track(() => new Promise<void>((resolve) => (finish = resolve)));

    expect(await tracker.drain(20)).toBe(false);
    expect(tracker.count).toBe(1);
    finish();
    await work;
  });

  it('stops accepting', () => {
    const tracker = new InflightTracker();

    tracker.stopAccepting();

    expect(tracker.isAccepting).toBe(false);
  });
});
