/**
 * Stable codes of the legacy migration's fatal errors, each with the process exit code the command uses.
 * A code is never reused for another meaning.
 */
export const LegacyMigrationErrors = {
  InvalidArgument: { code: 'KUMIKO_LEGACY_INVALID_ARGUMENT', exitCode: 2 },
  SourceNotFound: { code: 'KUMIKO_LEGACY_SOURCE_NOT_FOUND', exitCode: 3 },
  SourceTruncated: { code: 'KUMIKO_LEGACY_SOURCE_TRUNCATED', exitCode: 3 },
  SourceUnreachable: { code: 'KUMIKO_LEGACY_SOURCE_UNREACHABLE', exitCode: 3 },
  SourceAuthFailed: { code: 'KUMIKO_LEGACY_SOURCE_AUTH_FAILED', exitCode: 3 },
  SourceReadFailed: { code: 'KUMIKO_LEGACY_SOURCE_READ_FAILED', exitCode: 3 },
  UnsupportedDocumentId: { code: 'KUMIKO_LEGACY_UNSUPPORTED_ID', exitCode: 3 },
  TargetNotReady: { code: 'KUMIKO_LEGACY_TARGET_NOT_READY', exitCode: 4 },
  TargetBusy: { code: 'KUMIKO_LEGACY_TARGET_BUSY', exitCode: 4 },
  TargetWriteFailed: { code: 'KUMIKO_LEGACY_TARGET_WRITE_FAILED', exitCode: 4 },
  ReportInconsistent: { code: 'KUMIKO_LEGACY_REPORT_INCONSISTENT', exitCode: 5 },
  VerificationFailed: { code: 'KUMIKO_LEGACY_VERIFICATION_FAILED', exitCode: 6 },
} as const;

export type LegacyMigrationErrorKind = keyof typeof LegacyMigrationErrors;

/** A fatal error of the legacy migration. The run stops, and every batch committed before it stays valid. */
export class LegacyMigrationError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(kind: LegacyMigrationErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = LegacyMigrationErrors[kind].code;
    this.exitCode = LegacyMigrationErrors[kind].exitCode;
  }

  override get name(): string {
    return `LegacyMigrationError [${this.code}]`;
  }
}
