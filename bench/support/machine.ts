import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Describe the machine a benchmark ran on: CPU model, cores, memory and Node version. */
export function describeMachine(): string {
  const cpuModel = cpus()[0]?.model ?? readCpuModel();
  return `machine: ${cpuModel}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function readCpuModel(): string {
  const match = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match?.[1] ?? 'unknown CPU';
}

/** Return the median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
