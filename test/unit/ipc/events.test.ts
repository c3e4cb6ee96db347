import * as zmq from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';

import {
  createEventPublisher,
  createEventSubscriber,
  type ReceivedEvent,
} from '../../../services/ipc/events';
import { encodeEvent, encodeJsonBody } from '../../../services/ipc/protocol';
import type { SequenceGap } from '../../../services/ipc/sequence-gaps';
import { logger, startTestBroker, waitFor } from '../../support/ipc-harness';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup() {
  const broker = await startTestBroker();
  cleanups.push(() => broker.close());
  const publisher = createEventPublisher({ endpoint: broker.endpoints.eventsIn }, logger);
  cleanups.push(() => publisher.close());
  const gaps: SequenceGap[] = [];
  const subscriber = createEventSubscriber(
    { endpoint: broker.endpoints.eventsOut, onGap: (gap) => gaps.push(gap) },
    logger,
  );
  cleanups.push(() => subscriber.close());
  return { broker, publisher, subscriber, gaps };
}

/** Publish on a warm-up topic until it arrives, so the PUB -> XSUB -> XPUB -> SUB path is connected. */
async function warmUp(publish: () => void, received: () => boolean): Promise<void> {
  await waitFor(
    () => {
      if (!received()) publish();
      return received();
    },
    5_000,
    'the event path to connect',
  );
}

describe('IPC events', () => {
  it('delivers a published event', async () => {
    const { publisher, subscriber } = await setup();
    const seen: ReceivedEvent[] = [];
    subscriber.subscribe('listing.', (event) => seen.push(event));
    await warmUp(
      () => publisher.publish('listing.warmup', null),
      () => seen.length > 0,
    );

    publisher.publish('listing.sold', { listingId: 'x', price: '10' });
    await waitFor(() => seen.some((event) => event.topic === 'listing.sold'));
    expect(seen.find((event) => event.topic === 'listing.sold')).toMatchObject({
      publisherId: publisher.publisherId,
      body: { listingId: 'x', price: '10' },
    });
  });

  it('filters by topic prefix', async () => {
    const { publisher, subscriber } = await setup();
    const seen: string[] = [];
    subscriber.subscribe('balance.', (event) => seen.push(event.topic));
    await warmUp(
      () => publisher.publish('balance.warmup', null),
      () => seen.length > 0,
    );
    publisher.publish('listing.created', null);
    publisher.publish('balance.changed', null);
    await waitFor(() => seen.includes('balance.changed'));
    expect(seen).not.toContain('listing.created');
  });

  it('counts skipped sequence numbers', async () => {
    const { broker, subscriber, gaps } = await setup();
    const raw = new zmq.Publisher({ linger: 0 });
    raw.connect(broker.endpoints.eventsIn);
    cleanups.push(() => raw.close());
    const seen: number[] = [];
    subscriber.subscribe('listing.sold', (event) => seen.push(event.sequence));

    const send = (sequence: number) =>
      raw.send(
        encodeEvent({
          topic: 'listing.sold',
          publisherId: 'raw',
          sequence,
          publishedAt: Date.now(),
          body: encodeJsonBody(null),
        }),
      );
    // Sequence 1 repeats until the path is connected; the repeats are not gaps.
    await warmUp(
      () => void send(1),
      () => seen.length > 0,
    );
    await send(2);
    await send(5);
    await waitFor(() => seen.includes(5));

    expect(subscriber.missedEvents).toBe(2);
    expect(gaps).toEqual([
      { publisherId: 'raw', topic: 'listing.sold', expected: 3, received: 5, missed: 2 },
    ]);
    expect((await broker.metrics.eventGaps.get()).values[0]?.value).toBe(2);
  });

  it('counts events dropped at the high-water mark', async () => {
    const broker = await startTestBroker({ tuning: { highWaterMark: 10 } });
    cleanups.push(() => broker.close());
    const publisher = createEventPublisher({ endpoint: broker.endpoints.eventsIn }, logger);
    cleanups.push(() => publisher.close());
    const subscriber = createEventSubscriber(
      { endpoint: broker.endpoints.eventsOut, tuning: { highWaterMark: 10 } },
      logger,
    );
    cleanups.push(() => subscriber.close());
    const seen: number[] = [];
    subscriber.subscribe('bulk', (event) => seen.push(event.sequence));
    await warmUp(
      () => publisher.publish('bulk', 'warm-up'),
      () => seen.length > 0,
    );

    // Far more than both high-water marks, published faster than the subscriber reads.
    for (let i = 0; i < 20_000; i += 1) publisher.publish('bulk', 'x'.repeat(100));
    await waitFor(
      async () => {
        const last = seen.at(-1) ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return (seen.at(-1) ?? 0) === last;
      },
      10_000,
      'the stream to settle',
    );

    expect(subscriber.missedEvents).toBeGreaterThan(0);
    expect(new Set(seen).size + subscriber.missedEvents).toBe(Math.max(...seen) - Math.min(...seen) + 1);
  });
});
