import type { Logger } from '../../logging/logger';
import type { CurveClientKeys } from '../../ipc/curve';
import { createEventPublisher, type EventPublisher } from '../../ipc/events';

/**
 * A domain event. Structural, so that the marketplace's `MarketEvent` union fits: its `type` is the topic,
 * such as `listing.sold`, and the whole event is the body.
 */
export interface TypedEvent {
  type: string;
}

/** The marketplace's event sink. `publish` returns at once and does not throw. */
export interface MarketEventSink<Event extends TypedEvent = TypedEvent> {
  publish(event: Event): void;
}

/**
 * Adapt an IPC publisher to the marketplace's event sink. An event that cannot be sent is logged and dropped,
 * because a sale must not fail over a notification. Subscribers count a dropped event as a gap.
 */
export function createMarketEventSink<Event extends TypedEvent>(
  publisher: EventPublisher,
  logger: Logger,
): MarketEventSink<Event> {
  const log = logger.child({ module: 'market-event-sink' });
  return {
    publish(event) {
      try {
        publisher.publish(event.type, event);
      } catch (error) {
        log.error({ err: error, type: event.type }, 'market event not published');
      }
    },
  };
}

/**
 * Connect a publisher to the broker's events-in endpoint and wrap it as a market event sink. Call `close()` at
 * shutdown.
 */
export function connectMarketEventSink<Event extends TypedEvent>(
  config: { eventsEndpoint: string; curve: CurveClientKeys | undefined },
  logger: Logger,
): { sink: MarketEventSink<Event>; close: () => void } {
  const publisher = createEventPublisher({ endpoint: config.eventsEndpoint, curve: config.curve }, logger);
  return { sink: createMarketEventSink<Event>(publisher, logger), close: () => publisher.close() };
}
