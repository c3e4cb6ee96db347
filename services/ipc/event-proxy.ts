import * as zmq from 'zeromq';

import type { Logger } from '../logging/logger';
import type { BrokerMetrics } from './broker-metrics';
import { IpcError } from './errors';
import { decodeEvent } from './protocol';
import type { RateLimitedLog } from './rate-limited-log';
import { SequenceGapTracker } from './sequence-gaps';
import { SerialSender } from './serial-sender';

/**
 * Forward events from the XSUB socket (publishers connect) to the XPUB socket (subscribers connect). The XSUB
 * side subscribes to every topic, so each publisher's full stream reaches the broker and its sequence numbers
 * show any loss before the broker. XPUB filters per subscriber and drops past a subscriber's high-water mark,
 * which the subscriber then counts as a gap.
 */
export class EventProxy {
  private readonly gaps = new SequenceGapTracker();
  private readonly outSender: SerialSender;

  constructor(
    private readonly eventsIn: zmq.XSubscriber,
    private readonly eventsOut: zmq.XPublisher,
    private readonly metrics: BrokerMetrics,
    private readonly log: Logger,
    private readonly warnings: RateLimitedLog,
    maxSendQueue: number,
  ) {
    this.outSender = new SerialSender(eventsOut, maxSendQueue);
  }

  /** Subscribe upstream to every topic and run both reader loops until the sockets close. */
  async start(): Promise<void> {
    // 0x01 followed by an empty prefix subscribes to every topic (ZeroMQ XSUB subscription message).
    await this.eventsIn.send(Buffer.from([1]));
    void this.forwardEvents();
    void this.readSubscriptions();
  }

  private async forwardEvents(): Promise<void> {
    try {
      for await (const frames of this.eventsIn) this.forward(frames);
    } catch (error) {
      if (!this.eventsIn.closed) this.log.error({ err: error }, 'event reader stopped');
    }
  }

  private forward(frames: Buffer[]): void {
    let event;
    try {
      event = decodeEvent(frames);
    } catch (error) {
      this.metrics.droppedFrames.inc({ socket: 'events_in', reason: 'malformed' });
      this.warnings.warn(
        'events_in_malformed',
        { err: error, code: (error as IpcError).code },
        'dropped a malformed event',
      );
      return;
    }

    const gap = this.gaps.observe(event.publisherId, event.topic, event.sequence);
    if (gap) {
      this.metrics.eventGaps.inc(gap.missed);
      this.warnings.warn('events_in_gap', { ...gap }, 'events were lost between a publisher and the broker');
    }

    this.outSender.send(frames).then(
      () => this.metrics.eventsForwarded.inc(),
      (error: unknown) => {
        this.metrics.droppedFrames.inc({ socket: 'events_out', reason: 'send_failed' });
        this.warnings.warn('events_out_send', { err: error, topic: event.topic }, 'dropped an event on send');
      },
    );
  }

  private async readSubscriptions(): Promise<void> {
    try {
      for await (const [frame] of this.eventsOut) {
        if (!frame || frame.length === 0) continue;
        const action = frame[0] === 1 ? 'subscribe' : 'unsubscribe';
        this.log.debug({ action, topic: frame.subarray(1).toString('utf8') }, 'subscription changed');
      }
    } catch (error) {
      if (!this.eventsOut.closed) this.log.error({ err: error }, 'subscription reader stopped');
    }
  }
}
