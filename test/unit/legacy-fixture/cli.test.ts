import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';

import { buildFixtureCommand, parseCount, parseSeed } from '../../../scripts/legacy-fixture/cli';

function parseError(args: string[]): CommanderError {
  const command = buildFixtureCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  try {
    command.parse(['node', 'fixture', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) return error;
    throw error;
  }
  throw new Error(`Parsing ${args.join(' ')} succeeded.`);
}

describe('fixture:legacy options', () => {
  it('rejects count zero', () => {
    const error = parseError(['--count', '0', '--out', 'x']);
    expect(error.code).toBe('commander.invalidArgument');
    expect(error.message).toContain('--count');
  });

  it('rejects count abc', () => {
    const error = parseError(['--count', 'abc', '--out', 'x']);
    expect(error.code).toBe('commander.invalidArgument');
    expect(error.message).toContain('--count');
  });

  it('rejects a missing --out', () => {
    const error = parseError(['--count', '5']);
    expect(error.code).toBe('commander.missingMandatoryOptionValue');
    expect(error.message).toContain('--out');
  });

  it('rejects seed -1', () => {
    expect(parseError(['--seed', '-1', '--out', 'x']).message).toContain('--seed');
  });

  it('parses valid numbers', () => {
    expect(parseCount('1000000')).toBe(1_000_000);
    expect(parseSeed('4294967295')).toBe(4_294_967_295);
  });

  it('rejects counts above the maximum', () => {
    expect(() => parseCount('8000001')).toThrow('--count');
  });
});
