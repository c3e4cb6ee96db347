import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Component name, written as `name` on every line. */
  name: string;
  /** Minimum level. Defaults to `LOG_LEVEL` from the environment, then `info`. */
  level?: string;
  /** File descriptor to write to: 1 for services, 2 for command-line tools whose stdout carries data. */
  fd?: 1 | 2;
}

/**
 * Paths that may carry credentials. pino replaces their values before a line is written, so a secret that
 * reaches a log call by mistake is still not printed.
 */
export const RedactedPaths = [
  'password',
  'token',
  'secret',
  'authorization',
  'connectionString',
  'databaseUrl',
  'mongoUri',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.connectionString',
  '*.databaseUrl',
  '*.mongoUri',
  'req.headers.authorization',
  'req.headers.cookie',
] as const;

/**
 * Create the root logger of a process. Lines are JSON, or pretty-printed when the destination is a terminal.
 */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.fd ?? 1;
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const isTerminal = fd === 1 ? process.stdout.isTTY : process.stderr.isTTY;

  const transport = isTerminal
    ? { target: 'pino-pretty', options: { destination: fd, colorize: true, ignore: 'pid,hostname' } }
    : undefined;
  const destination = isTerminal ? undefined : pino.destination({ fd, sync: fd === 2 });

  const settings = {
    name: options.name,
    level,
    redact: { paths: [...RedactedPaths], censor: '[redacted]' },
    ...(transport ? { transport } : {}),
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** Create a logger that writes nothing, for tests and library callers that pass no logger. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
