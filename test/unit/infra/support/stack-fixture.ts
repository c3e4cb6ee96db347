import { readFileSync } from 'node:fs';
import path from 'node:path';

import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';

import { ConfigNamespace, loadStackConfig } from '../../../../infra/config';
import { defineStack } from '../../../../infra/program';
import { MockEngine, type Evaluation } from '../../../../infra/testing/mock-engine';

export const RepositoryRoot = path.resolve(__dirname, '../../../..');

/** Fake values for the keys that the committed stack files leave out. Tests only. */
export const FakeSecrets = {
  discordToken: 'test-discord-token-0123456789',
  postgresUrl: 'postgres://kumiko:test-postgres-password-987@db.internal.example:5432/kumiko?sslmode=require',
  legacyMongoUri: 'mongodb://legacy:test-mongo-password-654@mongo.internal.example:27017/marketplace',
} as const;

export const FakeApplicationId = '123456789012345678';

/** Plain config of a committed stack file, as `kumiko:<key>` to string. Encrypted values are skipped. */
export function readStackFile(stack: string): Record<string, string> {
  const text = readFileSync(path.join(RepositoryRoot, `Pulumi.${stack}.yaml`), 'utf8');
  const document = parse(text) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      config[key] = String(value);
    }
  }
  return config;
}

/** Full key for a short key. */
export function fullKey(key: string): string {
  return `${ConfigNamespace}:${key}`;
}

/**
 * Return a stack file's config with the fake Discord values added, then the overrides applied. An override
 * of `undefined` removes the key.
 */
export function stackConfig(
  stack: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const config: Record<string, string> = {
    [fullKey('discordApplicationId')]: FakeApplicationId,
    [fullKey('discordToken')]: FakeSecrets.discordToken,
    ...readStackFile(stack),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete config[fullKey(key)];
    else config[fullKey(key)] = value;
  }
  return config;
}

/** Install fresh mocks and set the config, marking the secret keys as secret, before the program runs. */
export async function installStack(stack: string, config: Record<string, string>): Promise<MockEngine> {
  const engine = new MockEngine();
  await engine.install(ConfigNamespace, stack);
  const secretKeys = ['discordToken', 'postgresUrl', 'legacyMongoUri']
    .map(fullKey)
    .filter((key) => key in config);
  pulumi.runtime.setAllConfig(config, secretKeys);
  return engine;
}

/** Evaluate the program for a config, calling defineStack directly, as index.ts does. */
export async function evaluateStack(stack: string, config: Record<string, string>): Promise<Evaluation> {
  const engine = await installStack(stack, config);
  return engine.evaluate(() => ({ ...defineStack(loadStackConfig()) }));
}

/** Return the fake secret values that a test config contains. */
export function fakeSecretValues(config: Record<string, string>): string[] {
  return Object.values(FakeSecrets).filter((value) => Object.values(config).includes(value));
}
