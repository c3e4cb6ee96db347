import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readExpectedOutcomes, readManifest } from '../../support/legacy-fixture-files';

interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const TsxPath = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const ScriptPath = join(process.cwd(), 'scripts', 'generate-legacy-fixture.ts');

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TsxPath, [ScriptPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kumiko-fixture-cli-'));
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('fixture:legacy process', () => {
  it('exits 1 on count zero', async () => {
    const result = await runCli(['--count', '0', '--out', outDir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--count');
  });

  it('exits 1 on count abc', async () => {
    const result = await runCli(['--count', 'abc', '--out', outDir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--count');
  });

  it('exits 1 without --out', async () => {
    const result = await runCli(['--count', '10']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--out');
  });

  it('writes a small fixture', async () => {
    const result = await runCli(['--count', '25', '--seed', '3', '--out', outDir]);
    expect(result.exitCode).toBe(0);
    expect(readManifest(outDir).count).toBe(25);
    expect(readExpectedOutcomes(outDir)).toHaveLength(25);
  });
});
