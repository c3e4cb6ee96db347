import { ObjectId } from 'bson';

import type { SeededRandom } from './random';

/** ObjectId counters are 3 bytes. Starting below 2^23 leaves room for this many documents without a wrap. */
export const MaxObjectIdsPerRun = 8_000_000;

/**
 * Make ObjectIds the way a driver does at insert time: 4 bytes of UTC seconds, 5 bytes fixed per client
 * process, 3 bytes of an increasing counter. Each collection gets its own process bytes, and the counter is
 * shared, so ids made in non-decreasing time order are strictly increasing and never repeat within a run.
 */
export class ObjectIdFactory {
  private counter: number;
  private readonly processBytes: Map<string, Buffer>;

  constructor(random: SeededRandom, processNames: readonly string[]) {
    this.counter = random.integer(0, 2 ** 23 - 1);
    this.processBytes = new Map(processNames.map((name) => [name, Buffer.from(random.hex(10), 'hex')]));
  }

  /** Make the next ObjectId for a document listed at `timeMs` by the given process. */
  create(timeMs: number, processName: string): ObjectId {
    const bytes = Buffer.alloc(12);
    bytes.writeUInt32BE(Math.floor(timeMs / 1000), 0);
    this.processBytesOf(processName).copy(bytes, 4);
    bytes.writeUIntBE(this.counter, 9, 3);
    this.counter += 1;
    return new ObjectId(bytes);
  }

  private processBytesOf(processName: string): Buffer {
    const bytes = this.processBytes.get(processName);
    if (!bytes) throw new RangeError(`No ObjectId process bytes for "${processName}".`);
    return bytes;
  }
}
