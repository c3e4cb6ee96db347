import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Python interpreter with Debian's python3-mockupdb. Set MOCKUPDB_PYTHON to use another. */
const PythonPath = process.env.MOCKUPDB_PYTHON ?? '/usr/bin/python3';

const ScriptPath = join(__dirname, 'mockupdb-faults.py');

const StartTimeoutMs = 10_000;

/** The fault the scripted server injects on the first getMore. */
export type MockupFault = 'cursor-not-found' | 'drop-connection';

/** A running MockupDB fault server. */
export interface MockupFaultServer {
  uri: string;
  /** Stop the Python process and wait for it to exit. */
  stop(): Promise<void>;
}

/** Tell whether the Python interpreter can import mockupdb, so tests can skip when it cannot. */
export function isMockupDbAvailable(): boolean {
  const result = spawnSync(PythonPath, ['-c', 'import mockupdb'], { stdio: 'ignore' });
  return result.status === 0;
}

/**
 * Start `mockupdb-faults.py` on loopback with the given fault and wait for its port.
 *
 * @throws Error when the process exits or prints nothing usable within 10 s.
 */
export async function startMockupFaultServer(fault: MockupFault): Promise<MockupFaultServer> {
  const child = spawn(PythonPath, [ScriptPath, fault], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  try {
    const { host, port } = await readAddress(child);
    return { uri: `mongodb://${host}:${port}/?directConnection=true`, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw new Error(
      `Starting the MockupDB fault server failed: ${String(error)}. Its stderr: ${stderr.trim()}`,
      {
        cause: error,
      },
    );
  }
}

async function readAddress(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
): Promise<{ host: string; port: number }> {
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGTERM'), StartTimeoutMs);
  try {
    for await (const line of lines) {
      const address = JSON.parse(line) as { host: string; port: number };
      return address;
    }
    throw new Error(`the process exited with code ${child.exitCode} before printing its port`);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

async function stopProcess(child: ChildProcessByStdio<Writable, Readable, Readable>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = once(child, 'exit');
  child.stdin.end();
  child.kill('SIGTERM');
  await exited;
}
