import { SingleBar } from 'cli-progress';

import type { Logger } from '../logging/logger';
import type { SourceProgress } from './sources/legacy-source';

/** How often a non-terminal run logs its progress, in milliseconds. */
const LogIntervalMs = 5_000;

/** Shows how far a run has come: a progress bar on a terminal, structured log lines otherwise. */
export interface ProgressReporter {
  update(documents: number, source: SourceProgress): void;
  stop(documents: number): void;
}

/** Create a progress bar on stderr when it is a terminal, or a reporter that logs every 5 seconds. */
export function createProgressReporter(
  logger: Logger,
  isTerminal = Boolean(process.stderr.isTTY),
): ProgressReporter {
  return isTerminal ? new BarReporter() : new LogReporter(logger);
}

class BarReporter implements ProgressReporter {
  private readonly bar = new SingleBar({
    format:
      'migrating [{bar}] {percentage}% | {documents} documents | {rate} documents/s | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
  });
  private started = false;
  private readonly startedAt = Date.now();

  update(documents: number, source: SourceProgress): void {
    const payload = { documents, rate: ratePerSecond(documents, this.startedAt) };
    const total = source.total ?? Math.max(source.done, 1);
    if (!this.started) {
      this.bar.start(total, source.done, payload);
      this.started = true;
    }
    this.bar.setTotal(total);
    this.bar.update(source.done, payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

class LogReporter implements ProgressReporter {
  private lastLogAt = Date.now();
  private readonly startedAt = Date.now();

  constructor(private readonly logger: Logger) {}

  update(documents: number, source: SourceProgress): void {
    if (Date.now() - this.lastLogAt < LogIntervalMs) return;
    this.lastLogAt = Date.now();

    const rate = ratePerSecond(documents, this.startedAt);
    const fraction = source.total ? source.done / source.total : undefined;
    const etaSeconds =
      fraction && fraction > 0
        ? Math.round(((Date.now() - this.startedAt) / 1000) * (1 / fraction - 1))
        : undefined;
    this.logger.info(
      {
        documents,
        documentsPerSecond: rate,
        percent: fraction === undefined ? undefined : Math.round(fraction * 100),
        etaSeconds,
      },
      'progress',
    );
  }

  stop(documents: number): void {
    this.logger.info(
      { documents, documentsPerSecond: ratePerSecond(documents, this.startedAt) },
      'reading finished',
    );
  }
}

function ratePerSecond(documents: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(documents / seconds) : 0;
}
