/** Stable codes of the web backend's error responses. */
export const WebErrorCodes = {
  InvalidParameter: 'KUMIKO_WEB_INVALID_PARAMETER',
  BadRequest: 'KUMIKO_WEB_BAD_REQUEST',
  NotFound: 'KUMIKO_WEB_NOT_FOUND',
  BotUnavailable: 'KUMIKO_WEB_BOT_UNAVAILABLE',
  TooManyStreams: 'KUMIKO_WEB_TOO_MANY_STREAMS',
  RateLimited: 'KUMIKO_WEB_RATE_LIMITED',
  Internal: 'KUMIKO_WEB_INTERNAL',
} as const;

export type WebErrorCode = (typeof WebErrorCodes)[keyof typeof WebErrorCodes];

/** An error that becomes an HTTP response with its status, code and message. */
export class WebError extends Error {
  readonly code: WebErrorCode;
  readonly statusCode: number;

  constructor(statusCode: number, code: WebErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.statusCode = statusCode;
    this.code = code;
  }

  override get name(): string {
    return `WebError [${this.code}]`;
  }
}

/** Build a 404 for a resource that does not exist. */
export function notFound(what: string, id: string): WebError {
  return new WebError(404, WebErrorCodes.NotFound, `${what} ${id} not found.`);
}

/** Build a 400 naming the invalid field. */
export function invalidParameter(field: string, problem: string): WebError {
  return new WebError(400, WebErrorCodes.InvalidParameter, `Invalid parameter "${field}": ${problem}.`);
}
