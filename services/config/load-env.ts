import type { z } from 'zod';

/** Stable code of {@link ConfigError}. */
export const ConfigErrorCode = 'KUMIKO_CONFIG_INVALID';

/** An invalid or missing environment variable. The message lists every bad variable with its expected form. */
export class ConfigError extends Error {
  readonly code = ConfigErrorCode;
  /** One entry per bad variable: its name and what was expected. */
  readonly problems: ReadonlyArray<{ variable: string; problem: string }>;

  constructor(problems: ReadonlyArray<{ variable: string; problem: string }>) {
    super(
      `Invalid environment: ${problems.map((entry) => `${entry.variable}: ${entry.problem}`).join('; ')}. ` +
        'Set or fix these variables (see .env.example) and start again.',
    );
    this.problems = problems;
  }

  override get name(): string {
    return `ConfigError [${ConfigErrorCode}]`;
  }
}

/**
 * Parse environment variables with a zod object schema whose keys are the variable names, and freeze the result.
 * Values are never echoed back in errors, because a variable may hold a secret.
 *
 * @throws ConfigError `KUMIKO_CONFIG_INVALID` listing every bad variable at once.
 */
export function loadEnv<Schema extends z.ZodTypeAny>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
): Readonly<z.infer<Schema>> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      variable: issue.path.join('.') || '(environment)',
      problem: issue.message,
    }));
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data as z.infer<Schema>);
}
