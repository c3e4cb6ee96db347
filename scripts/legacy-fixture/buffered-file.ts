import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';

import { FixtureError, FixtureErrorCodes } from './errors';

/**
 * A file written in large chunks, optionally through gzip. {@link append} only buffers, so the caller
 * awaits {@link flushIfFull} once per document and memory stays bounded by `flushBytes` plus stream buffers.
 */
export class BufferedFile {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly flushBytes: number,
    compress: boolean,
  ) {
    this.file = createWriteStream(path);
    this.gzip = compress ? createGzip() : null;
    this.gzip?.pipe(this.file);
    this.file.on('error', (error) => (this.failure ??= error));
    this.gzip?.on('error', (error) => (this.failure ??= error));
  }

  /** Buffer bytes or UTF-8 text. */
  append(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
  }

  /** Hand the buffer to the stream once it reaches `flushBytes`, waiting while the stream is full. */
  async flushIfFull(): Promise<void> {
    if (this.bufferedBytes >= this.flushBytes) await this.flush();
  }

  /**
   * Write what is buffered, end the stream and wait until the file is closed.
   *
   * @throws FixtureError `KUMIKO_FIXTURE_WRITE_FAILED` when the file could not be written.
   */
  async close(): Promise<void> {
    await this.flush();
    const head = this.gzip ?? this.file;
    head.end();
    await finished(this.file).catch((error: unknown) => {
      throw this.writeFailed(error);
    });
    this.throwIfFailed();
  }

  private async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.bufferedBytes === 0) return;

    const data = Buffer.concat(this.chunks, this.bufferedBytes);
    this.chunks = [];
    this.bufferedBytes = 0;
    const head = this.gzip ?? this.file;
    if (!head.write(data)) await once(head, 'drain');
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.writeFailed(this.failure);
  }

  private writeFailed(cause: unknown): FixtureError {
    return new FixtureError(
      FixtureErrorCodes.WriteFailed,
      `Writing ${this.path} failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check that the output folder is writable and the disk has space.',
      { cause },
    );
  }
}
