import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The outcome of a child process run by {@link runMeasured}. */
export interface MeasuredRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in MiB, read from VmHWM in /proc (Linux only). */
  peakRssMiB: number;
}

/** Run a command, sampling its peak resident set size from /proc every 100 ms until it exits. */
export async function runMeasured(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let peakKiB = 0;
  const sampler = setInterval(() => {
    void readPeak(child.pid).then((kib) => (peakKiB = Math.max(peakKiB, kib)));
  }, 100);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(sampler);

  return { exitCode, stdout, stderr, wallMs: performance.now() - started, peakRssMiB: peakKiB / 1024 };
}

async function readPeak(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) : 0;
}
