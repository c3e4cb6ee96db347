import { randomBytes } from 'node:crypto';

import * as zmq from 'zeromq';

import type { Logger } from '../logging/logger';
import { applyCurveClient, type CurveClientKeys } from './curve';
import { IpcError, IpcErrorCodes } from './errors';
import { decodeEvent, decodeJsonBody, encodeEvent, encodeJsonBody, isValidName } from './protocol';
import { RateLimitedLog } from './rate-limited-log';
import { SequenceGapTracker, type SequenceGap } from './sequence-gaps';
import { SerialSender } from './serial-sender';

/** Socket limits of a publisher or subscriber. */
export interface EventSocketTuning {
  /** High-water mark, in messages. Past it, PUB and XPUB drop messages, which subscribers count as gaps. */
  highWaterMark: number;
  maxSendQueue: number;
  /** Interval between two log lines about gaps or malformed events. */
  warningIntervalMs: number;
}

export const DefaultEventSocketTuning = {
  highWaterMark: 10_000,
  maxSendQueue: 10_000,
  warningIntervalMs: 10_000,
} as const satisfies Required<EventSocketTuning>;

/** Options of {@link createEventPublisher} and {@link createEventSubscriber}. */
export interface EventSocketOptions {
  /** The broker's events-in endpoint (5557) for a publisher, events-out (5558) for a subscriber. */
  endpoint: string;
  curve?: CurveClientKeys | undefined;
  tuning?: Partial<EventSocketTuning>;
}

/** An event as a subscriber receives it. */
export interface ReceivedEvent {
  topic: string;
  publisherId: string;
  sequence: number;
  /** ms since the Unix epoch, by the publisher's clock. */
  publishedAt: number;
  body: unknown;
}

/** The publishing side of the event channel. */
export interface EventPublisher {
  /** Random id of this publisher, sent with each event. */
  readonly publisherId: string;
  /**
   * Queue an event for sending. Returns false when the local send queue was full and the event was dropped,
   * which the subscribers will see as a gap.
   *
   * @throws IpcError `KUMIKO_IPC_BAD_REQUEST` for an invalid topic.
   */
  publish(topic: string, body: unknown): boolean;
  close(): void;
}

/** The subscribing side of the event channel. */
export interface EventSubscriber {
  /**
   * Call `listener` for each event whose topic starts with `topicPrefix` (ZeroMQ prefix matching; '' matches
   * all). Returns a function that removes the listener.
   */
  subscribe(topicPrefix: string, listener: (event: ReceivedEvent) => void): () => void;
  /** Events known to be missed, from gaps in the publishers' sequence numbers. */
  readonly missedEvents: number;
  close(): void;
}

/** Connect a publisher to the broker's events-in endpoint. */
export function createEventPublisher(options: EventSocketOptions, logger: Logger): EventPublisher {
  const log = logger.child({ module: 'ipc-event-publisher' });
  const tuning = { ...DefaultEventSocketTuning, ...options.tuning };
  const socket = new zmq.Publisher({ linger: 0, sendTimeout: 0, sendHighWaterMark: tuning.highWaterMark });
  applyCurveClient(socket, options.curve);
  socket.connect(options.endpoint);

  const sender = new SerialSender(socket, tuning.maxSendQueue);
  const warnings = new RateLimitedLog(log, tuning.warningIntervalMs);
  const sequences = new Map<string, number>();
  const publisherId = randomBytes(8).toString('hex');

  return {
    publisherId,
    publish(topic, body) {
      if (!isValidName(topic)) {
        throw new IpcError(
          IpcErrorCodes.BadRequest,
          `Invalid event topic "${topic}": use lower-case letters, digits, ".", "_" or "-".`,
        );
      }
      const sequence = (sequences.get(topic) ?? 0) + 1;
      sequences.set(topic, sequence);

      const frames = encodeEvent({
        topic,
        publisherId,
        sequence,
        publishedAt: Date.now(),
        body: encodeJsonBody(body),
      });
      if (sender.depth >= tuning.maxSendQueue) {
        warnings.warn('publish_queue_full', { topic, sequence }, 'event dropped: the send queue is full');
        return false;
      }
      sender.send(frames).catch((error: unknown) => {
        warnings.warn('publish_failed', { err: error, topic, sequence }, 'event dropped on send');
      });
      return true;
    },
    close() {
      socket.close();
    },
  };
}

/**
 * Connect a subscriber to the broker's events-out endpoint. Gaps in a publisher's sequence numbers are counted,
 * passed to `onGap` (for metrics) and logged at most once per warning interval.
 */
export function createEventSubscriber(
  options: EventSocketOptions & { onGap?: (gap: SequenceGap) => void },
  logger: Logger,
): EventSubscriber {
  const log = logger.child({ module: 'ipc-event-subscriber' });
  const tuning = { ...DefaultEventSocketTuning, ...options.tuning };
  const socket = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: tuning.highWaterMark });
  applyCurveClient(socket, options.curve);
  socket.connect(options.endpoint);

  const listeners = new Map<string, Set<(event: ReceivedEvent) => void>>();
  const gaps = new SequenceGapTracker();
  const warnings = new RateLimitedLog(log, tuning.warningIntervalMs);

  const deliver = (frames: Buffer[]): void => {
    let event: ReceivedEvent;
    try {
      const decoded = decodeEvent(frames);
      event = { ...decoded, body: decodeJsonBody(decoded.body) };
    } catch (error) {
      warnings.warn('malformed', { err: error }, 'dropped a malformed event');
      return;
    }

    const gap = gaps.observe(event.publisherId, event.topic, event.sequence);
    if (gap) {
      options.onGap?.(gap);
      warnings.warn('gap', { ...gap, missedTotal: gaps.missed }, 'events were lost before this subscriber');
    }
    for (const [prefix, set] of listeners) {
      if (!event.topic.startsWith(prefix)) continue;
      for (const listener of set) callListener(listener, event, log);
    }
  };

  void (async () => {
    try {
      for await (const frames of socket) deliver(frames);
    } catch (error) {
      if (!socket.closed) log.error({ err: error }, 'event subscriber reader stopped');
    }
  })();

  return {
    subscribe(topicPrefix, listener) {
      let set = listeners.get(topicPrefix);
      if (!set) {
        set = new Set();
        listeners.set(topicPrefix, set);
        socket.subscribe(topicPrefix);
      }
      set.add(listener);

      return () => {
        const current = listeners.get(topicPrefix);
        if (!current?.delete(listener) || current.size > 0) return;
        listeners.delete(topicPrefix);
        if (!socket.closed) socket.unsubscribe(topicPrefix);
      };
    },
    get missedEvents() {
      return gaps.missed;
    },
    close() {
      socket.close();
    },
  };
}

function callListener(listener: (event: ReceivedEvent) => void, event: ReceivedEvent, log: Logger): void {
  try {
    listener(event);
  } catch (error) {
    log.error({ err: error, topic: event.topic }, 'event listener failed');
  }
}
