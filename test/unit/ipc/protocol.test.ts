import { describe, expect, it } from 'vitest';

import { IpcErrorCodes } from '../../../services/ipc/errors';
import {
  decodeBrokerToClient,
  decodeClientToBroker,
  decodeEvent,
  decodeWorkerToBroker,
  encodeError,
  encodeEvent,
  encodeHeader,
  encodeJsonBody,
  encodeReady,
  encodeRequest,
  MessageType,
  ProtocolVersion,
  shardForGuild,
} from '../../../services/ipc/protocol';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const request = {
  requestId: 'abc-1',
  service: 'guild.info',
  deadline: 1_700_000_000_000,
  guildId: '81384788765712384',
  body: encodeJsonBody({ hello: 'world' }),
};

describe('protocol', () => {
  it('round-trips a request', () => {
    const decoded = decodeClientToBroker(encodeRequest(request));
    expect(decoded).toEqual({ type: MessageType.Request, ...request });
  });

  it('reads an empty guild id as undefined', () => {
    const decoded = decodeClientToBroker(encodeRequest({ ...request, guildId: undefined }));
    expect(decoded).toMatchObject({ guildId: undefined });
  });

  it('round-trips an error reply', () => {
    const decoded = decodeBrokerToClient(encodeError('abc-1', IpcErrorCodes.QueueFull, 'full'));
    expect(decoded).toEqual({
      type: MessageType.Error,
      requestId: 'abc-1',
      code: IpcErrorCodes.QueueFull,
      message: 'full',
    });
  });

  it('round-trips an event', () => {
    const event = {
      topic: 'listing.sold',
      publisherId: 'p1',
      sequence: 7,
      publishedAt: 5,
      body: encodeJsonBody({ a: 1 }),
    };
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('round-trips a registration', () => {
    const registration = { services: ['bot.status'], shardIds: [0, 2], shardCount: 4, maxInFlight: 8 };
    expect(decodeWorkerToBroker(encodeReady(registration))).toEqual({
      type: MessageType.Ready,
      registration,
    });
  });

  it('rejects another protocol version', () => {
    const frames = encodeRequest(request);
    frames[0] = Buffer.from([ProtocolVersion + 1, MessageType.Request]);
    expect(codeOf(() => decodeClientToBroker(frames))).toBe(IpcErrorCodes.MalformedMessage);
  });

  it('rejects a type from another channel', () => {
    expect(codeOf(() => decodeClientToBroker([encodeHeader(MessageType.Ready)]))).toBe(
      IpcErrorCodes.MalformedMessage,
    );
  });

  it('rejects a wrong frame count', () => {
    expect(codeOf(() => decodeClientToBroker(encodeRequest(request).slice(0, 5)))).toBe(
      IpcErrorCodes.MalformedMessage,
    );
  });

  it('rejects a non-numeric guild id', () => {
    const frames = encodeRequest(request);
    frames[4] = Buffer.from('12ab');
    expect(codeOf(() => decodeClientToBroker(frames))).toBe(IpcErrorCodes.MalformedMessage);
  });

  it('rejects a guild id above 2^64', () => {
    const frames = encodeRequest(request);
    frames[4] = Buffer.from('18446744073709551616');
    expect(codeOf(() => decodeClientToBroker(frames))).toBe(IpcErrorCodes.MalformedMessage);
  });

  it('rejects an invalid service name', () => {
    expect(codeOf(() => decodeClientToBroker(encodeRequest({ ...request, service: 'Bad Name' })))).toBe(
      IpcErrorCodes.MalformedMessage,
    );
  });

  it('rejects a short deadline frame', () => {
    const frames = encodeRequest(request);
    frames[3] = Buffer.from([1, 2, 3]);
    expect(codeOf(() => decodeClientToBroker(frames))).toBe(IpcErrorCodes.MalformedMessage);
  });

  it('rejects shard ids past the count', () => {
    const frames = encodeReady({ services: ['x'], shardIds: [4], shardCount: 4, maxInFlight: 1 });
    expect(codeOf(() => decodeWorkerToBroker(frames))).toBe(IpcErrorCodes.MalformedMessage);
  });

  it('computes the shard of a large guild id', () => {
    // 2^63 + 2^22 * 5: above 2^53, so a JS number would lose the low bits.
    const guildId = ((1n << 63n) + (5n << 22n)).toString();
    expect(shardForGuild(guildId, 7)).toBe(Number(((1n << 41n) + 5n) % 7n));
  });
});
