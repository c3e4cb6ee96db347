/** Stable codes of the bot's errors. A code is never reused for another meaning. */
export const BotErrorCodes = {
  InvalidCommandModule: 'KUMIKO_BOT_INVALID_COMMAND_MODULE',
  DuplicateCommand: 'KUMIKO_BOT_DUPLICATE_COMMAND',
  InvalidEventModule: 'KUMIKO_BOT_INVALID_EVENT_MODULE',
  InvalidShards: 'KUMIKO_BOT_INVALID_SHARDS',
  HealthServerFailed: 'KUMIKO_BOT_HEALTH_SERVER_FAILED',
} as const;

export type BotErrorCode = (typeof BotErrorCodes)[keyof typeof BotErrorCodes];

/** A startup or configuration failure of the bot, with a stable `code`. */
export class BotError extends Error {
  readonly code: BotErrorCode;

  constructor(code: BotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return `BotError [${this.code}]`;
  }
}

/** The reply shown in Discord for an error that is not an expected domain failure. It never carries details. */
export const GenericFailureMessage = 'Something went wrong on our side. Please try again in a moment.';

/** Tell whether a value is a {@link BotError}. */
export function isBotError(value: unknown): value is BotError {
  return value instanceof BotError;
}
