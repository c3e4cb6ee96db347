import { readFileSync } from 'node:fs';
import path from 'node:path';

import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import {
  ConfigKeys,
  loadStackConfig,
  StackConfigError,
  type ConfigIssue,
  type ConfigKeySpec,
} from '../../../infra/config';
import { FakeSecrets, readStackFile, RepositoryRoot, stackConfig } from './support/stack-fixture';

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: args.name, state: args.inputs as object }), call: () => ({}) },
    'kumiko',
    'test',
  );
});

/** Load the config and return its issues, or an empty list when it is valid. */
function issuesFor(
  config: Record<string, string>,
  secretKeys: string[] = ['kumiko:discordToken'],
): ConfigIssue[] {
  pulumi.runtime.setAllConfig(config, secretKeys);
  try {
    loadStackConfig();
    return [];
  } catch (error) {
    if (error instanceof StackConfigError) return [...error.issues];
    throw error;
  }
}

function issueCodes(issues: ConfigIssue[]): string[] {
  return issues.map((issue) => `${issue.key} ${issue.code}`);
}

describe('stack config', () => {
  it('loads the dev stack file', () => {
    pulumi.runtime.setAllConfig(stackConfig('dev'), ['kumiko:discordToken']);
    const config = loadStackConfig();
    expect(config.environment).toBe('dev');
    expect(config.image).toMatchObject({ repository: 'kumiko', tag: 'dev' });
    expect(config.web.exposure).toEqual({ kind: 'nodePort', nodePort: 30080, host: 'localhost' });
    expect(config.postgres).toMatchObject({ kind: 'in-cluster', storageSize: '2Gi', image: 'postgres:18' });
    expect(config.legacyMigration).toEqual({ enabled: false });
  });

  it('keeps the token secret', async () => {
    pulumi.runtime.setAllConfig(stackConfig('prod'), ['kumiko:discordToken']);
    const config = loadStackConfig();
    expect(await pulumi.isSecret(config.discord.token)).toBe(true);
  });

  it('lists every missing key at once', () => {
    const issues = issuesFor({});
    expect(issueCodes(issues)).toEqual([
      'kumiko:environment missing',
      'kumiko:namespace missing',
      'kumiko:image missing',
      'kumiko:discordApplicationId missing',
      'kumiko:discordToken missing',
      'kumiko:webHost missing',
      'kumiko:postgresExternal missing',
    ]);
  });

  it('names the fixing command', () => {
    const issues = issuesFor({});
    const token = issues.find((issue) => issue.key === 'kumiko:discordToken');
    expect(token?.fix).toBe('pulumi config set --secret kumiko:discordToken <bot token>');
    const environment = issues.find((issue) => issue.key === 'kumiko:environment');
    expect(environment?.fix).toBe('pulumi config set kumiko:environment dev');
  });

  it('error message lists every problem', () => {
    pulumi.runtime.setAllConfig({}, []);
    expect(() => loadStackConfig()).toThrow(
      /7 problem\(s\)[\s\S]*kumiko:environment is missing[\s\S]*Fix: pulumi config set kumiko:environment dev/,
    );
  });

  it.each([
    ['environment', 'staging', 'kumiko:environment invalid'],
    ['namespace', 'Kumiko_Dev', 'kumiko:namespace invalid'],
    ['image', 'Not An Image', 'kumiko:image invalid'],
    ['discordApplicationId', '12ab', 'kumiko:discordApplicationId invalid'],
    ['webReplicas', 'two', 'kumiko:webReplicas invalid'],
    ['webReplicas', '0', 'kumiko:webReplicas invalid'],
    ['webMaxReplicas', '0', 'kumiko:webMaxReplicas invalid'],
    ['webExposure', 'hostPort', 'kumiko:webExposure invalid'],
    ['webNodePort', '80', 'kumiko:webNodePort invalid'],
    ['botShardsPerPod', '3', 'kumiko:botShardsPerPod invalid'],
    ['corsOrigins', 'https://kumiko.example.com/app', 'kumiko:corsOrigins invalid'],
    ['postgresExternal', 'yes', 'kumiko:postgresExternal invalid'],
    ['postgresStorageSize', 'ten', 'kumiko:postgresStorageSize invalid'],
    ['legacyMigrationEnabled', 'maybe', 'kumiko:legacyMigrationEnabled invalid'],
  ])('rejects %s=%s', (key, value, expected) => {
    expect(issueCodes(issuesFor(stackConfig('dev', { [key]: value })))).toEqual([expected]);
  });

  it.each(['registry.example.com/kumiko:latest', 'registry.example.com/kumiko', 'localhost:5000/kumiko'])(
    'prod rejects mutable image %s',
    (image) => {
      const issues = issuesFor(stackConfig('prod', { image }));
      expect(issueCodes(issues)).toEqual(['kumiko:image prod-mutable-image']);
      expect(issues[0]?.fix).toMatch(/^pulumi config set kumiko:image .+:<version>$/);
    },
  );

  it('prod accepts a digest', () => {
    const digest = `registry.example.com/kumiko@sha256:${'a'.repeat(64)}`;
    expect(issuesFor(stackConfig('prod', { image: digest }))).toEqual([]);
  });

  it('dev accepts latest', () => {
    expect(issuesFor(stackConfig('dev', { image: 'kumiko:latest' }))).toEqual([]);
  });

  it('prod rejects one web replica', () => {
    const issues = issuesFor(stackConfig('prod', { webReplicas: '1' }));
    expect(issueCodes(issues)).toEqual(['kumiko:webReplicas prod-too-few-replicas']);
    expect(issues[0]?.fix).toBe('pulumi config set kumiko:webReplicas 2');
  });

  it('prod rejects a NodePort', () => {
    const issues = issuesFor(stackConfig('prod', { webExposure: 'nodePort' }));
    expect(issueCodes(issues)).toEqual(['kumiko:webExposure prod-node-port']);
  });

  it('prod requires a kube context', () => {
    expect(issueCodes(issuesFor(stackConfig('prod', { kubeContext: undefined })))).toEqual([
      'kumiko:kubeContext missing',
    ]);
  });

  it('ingress requires a host', () => {
    expect(issueCodes(issuesFor(stackConfig('prod', { webHost: undefined })))).toEqual([
      'kumiko:webHost missing',
    ]);
  });

  it('external database requires a URL', () => {
    const issues = issuesFor(stackConfig('dev', { postgresExternal: 'true' }));
    expect(issueCodes(issues)).toEqual(['kumiko:postgresUrl missing']);
    expect(issues[0]?.fix).toMatch(/^pulumi config set --secret kumiko:postgresUrl /);
  });

  it('hides an invalid secret URL', () => {
    const secretValue = 'mysql://root:hunter2-secret@db:3306/kumiko';
    const config = stackConfig('dev', { postgresExternal: 'true', postgresUrl: secretValue });
    const issues = issuesFor(config, ['kumiko:discordToken', 'kumiko:postgresUrl']);
    expect(issueCodes(issues)).toEqual(['kumiko:postgresUrl invalid']);
    expect(issues[0]?.message).not.toContain('hunter2');
  });

  it('legacy migration requires a MongoDB URI', () => {
    const issues = issuesFor(stackConfig('dev', { legacyMigrationEnabled: 'true' }));
    expect(issueCodes(issues)).toEqual(['kumiko:legacyMongoUri missing']);
  });

  it('reads the legacy migration settings', async () => {
    const config = stackConfig('dev', {
      legacyMigrationEnabled: 'true',
      legacyMongoUri: FakeSecrets.legacyMongoUri,
      legacyBatchSize: '0',
    });
    pulumi.runtime.setAllConfig(config, ['kumiko:discordToken', 'kumiko:legacyMongoUri']);
    const legacy = loadStackConfig().legacyMigration;
    expect(legacy).toMatchObject({
      enabled: true,
      dryRun: false,
      batchSize: undefined,
      mongoCidr: '0.0.0.0/0',
    });
    expect(legacy.enabled).toBe(true);
    if (legacy.enabled) expect(await pulumi.isSecret(legacy.mongoUri)).toBe(true);
  });
});

describe('Pulumi.yaml', () => {
  const project = parse(readFileSync(path.join(RepositoryRoot, 'Pulumi.yaml'), 'utf8')) as {
    name: string;
    main: string;
    runtime: { name: string };
    config: Record<string, { type: string; default?: unknown; secret?: boolean; description?: string }>;
  };

  it('runs infra/ on nodejs', () => {
    expect(project.name).toBe('kumiko');
    expect(project.runtime.name).toBe('nodejs');
    expect(project.main).toBe('infra/');
  });

  it('declares every key the program reads', () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.keys(ConfigKeys).sort());
  });

  it.each(Object.entries(ConfigKeys))('declares %s like the program', (key, spec: ConfigKeySpec) => {
    const declared = project.config[key];
    expect(declared?.type).toBe(spec.type);
    expect(declared?.default).toEqual(spec.default);
    expect(declared?.description?.length ?? 0).toBeGreaterThan(10);
    // Pulumi applies a default as plaintext, which then fails its check that a secret key is encrypted.
    // So only the required secret carries the flag.
    expect(declared?.secret === true).toBe(spec.secret === true && spec.default === undefined);
  });
});

describe('stack files', () => {
  it.each(['dev', 'prod'])('%s contains no plaintext secret', (stack) => {
    const secretKeys = Object.entries(ConfigKeys)
      .filter(([, spec]: [string, ConfigKeySpec]) => spec.secret === true)
      .map(([key]) => `kumiko:${key}`);
    const plain = readStackFile(stack);
    for (const key of secretKeys) expect(plain[key], key).toBeUndefined();
  });
});
