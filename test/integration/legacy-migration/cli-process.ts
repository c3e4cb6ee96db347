import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ProjectRoot = path.resolve(__dirname, '..', '..', '..');

/** The outcome of one run of the migration command. */
export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Start `scripts/migrate-legacy.ts` as its own Node process, so a signal reaches the migration itself. */
export function startMigrationCommand(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate-legacy.ts', ...args], {
    cwd: ProjectRoot,
    env: { ...process.env, DATABASE_URL: '', LEGACY_SOURCE: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Run the migration command to its end and collect its output. */
export async function runMigrationCommand(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CommandResult> {
  const child = startMigrationCommand(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exitCode, stdout, stderr };
}
