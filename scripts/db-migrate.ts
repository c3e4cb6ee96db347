import { Command, InvalidArgumentError } from 'commander';

import { runSchemaMigrations } from '../services/database/schema-migrations';
import { resolveDatabaseTarget } from '../services/database/target';
import { createLogger } from '../services/logging/logger';

// Applies or reverts schema migrations on DATABASE_URL, or on the embedded server when it is unset.
async function main(argv: string[]): Promise<void> {
  const program = new Command('db:migrate')
    .description('Apply (up) or revert (down) schema migrations on DATABASE_URL or the embedded server.')
    .argument('[direction]', 'up or down', parseDirection, 'up')
    .option(
      '--count <n>',
      'how many migrations to apply or revert (default: all for up, 1 for down)',
      parseCount,
    )
    .option('--to <url>', 'PostgreSQL URL (default: DATABASE_URL, then the embedded server)')
    .showHelpAfterError();
  await program.parseAsync(argv);

  const direction = program.processedArgs[0] as 'up' | 'down';
  const options = program.opts<{ count?: number; to?: string }>();
  const logger = createLogger({ name: 'db-migrate', fd: 2 });
  const target = await resolveDatabaseTarget({ ...(options.to ? { url: options.to } : {}) }, logger);
  try {
    const ran = await runSchemaMigrations(
      { databaseUrl: target.url, direction, ...(options.count ? { count: options.count } : {}) },
      logger,
    );
    process.stdout.write(
      ran.length === 0
        ? 'No migrations to run.\n'
        : `${direction === 'up' ? 'Applied' : 'Reverted'}: ${ran.join(', ')}\n`,
    );
  } finally {
    await target.release();
  }
}

function parseDirection(value: string): 'up' | 'down' {
  if (value !== 'up' && value !== 'down') throw new InvalidArgumentError('expected "up" or "down".');
  return value;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return count;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
