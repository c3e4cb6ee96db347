/** Stable codes of the fixture generator's errors. A code is never reused for another meaning. */
export const FixtureErrorCodes = {
  InvalidOption: 'KUMIKO_FIXTURE_INVALID_OPTION',
  WriteFailed: 'KUMIKO_FIXTURE_WRITE_FAILED',
} as const;

export type FixtureErrorCode = (typeof FixtureErrorCodes)[keyof typeof FixtureErrorCodes];

/** An error of the legacy fixture generator, with a stable `code`. */
export class FixtureError extends Error {
  readonly code: FixtureErrorCode;

  constructor(code: FixtureErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return `FixtureError [${this.code}]`;
  }
}
