import type { Logger } from '../logging/logger';
import { createIpcClient, type IpcClient, type IpcClientTuning, type RequestOptions } from './client';
import type { CurveClientKeys } from './curve';
import { createEventSubscriber, type ReceivedEvent } from './events';
import type { SequenceGap } from './sequence-gaps';

/** The web side of the IPC in one object: requests to the bot and the event stream. */
export interface IpcConnection {
  /** See {@link IpcClient.request}. */
  request<T = unknown>(service: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** Listen to events whose topic starts with `topicPrefix`. Returns the function that stops listening. */
  subscribe(topicPrefix: string, listener: (event: ReceivedEvent) => void): () => void;
  /** False when the broker has been silent past the client's expiry. */
  readonly brokerAlive: boolean;
  /** Events known to be lost before this process, from sequence gaps. */
  readonly missedEvents: number;
  close(): void;
}

/** Options of {@link connectIpc}. */
export interface ConnectIpcOptions {
  /** The broker's client endpoint (5555). */
  clientEndpoint: string;
  /** The broker's events-out endpoint (5558). */
  eventsEndpoint: string;
  curve: CurveClientKeys | undefined;
  clientTuning?: Partial<IpcClientTuning>;
  onGap?: (gap: SequenceGap) => void;
}

/** Connect a request client and an event subscriber to the broker. Both reconnect on their own. */
export function connectIpc(options: ConnectIpcOptions, logger: Logger): IpcConnection {
  const client: IpcClient = createIpcClient(
    { endpoint: options.clientEndpoint, curve: options.curve, tuning: options.clientTuning },
    logger,
  );
  const events = createEventSubscriber(
    { endpoint: options.eventsEndpoint, curve: options.curve, onGap: options.onGap },
    logger,
  );

  return {
    request: (service, body, requestOptions) => client.request(service, body, requestOptions),
    subscribe: (topicPrefix, listener) => events.subscribe(topicPrefix, listener),
    get brokerAlive() {
      return client.brokerAlive;
    },
    get missedEvents() {
      return events.missedEvents;
    },
    close() {
      client.close();
      events.close();
    },
  };
}
