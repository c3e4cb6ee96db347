import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';

import { LegacyMigration } from '../../../infra/legacy-migration';
import type { Evaluation } from '../../../infra/testing/mock-engine';
import {
  declaredKinds,
  evaluateComponents,
  findResource,
  firstContainer,
  TestContext,
  TestDatabaseEgress,
  TestDatabaseUrl,
  TestImage,
  TestResources,
} from './support/component-fixture';

const mongoUri = 'mongodb://legacy:mongo-secret-password@mongo.legacy.example:27017/market';

async function evaluateLegacy(dryRun: boolean, batchSize: number | undefined): Promise<Evaluation> {
  return evaluateComponents((options) => {
    const legacy = new LegacyMigration(
      'legacy-migration',
      {
        context: TestContext,
        image: TestImage,
        resources: TestResources.legacyMigration,
        mongoUri: pulumi.secret(mongoUri),
        mongoCidr: '10.30.0.0/16',
        dryRun,
        batchSize,
        databaseUrl: TestDatabaseUrl,
        databaseEgress: TestDatabaseEgress,
      },
      options,
    );
    return { jobName: legacy.jobName };
  });
}

describe('LegacyMigration', () => {
  it('declares job, secret, account and policy', async () => {
    const evaluation = await evaluateLegacy(false, undefined);
    expect(declaredKinds(evaluation)).toEqual([
      `Job/${String(evaluation.outputs.jobName)}`,
      'NetworkPolicy/legacy-migration',
      'Secret/legacy-migration-source',
      'ServiceAccount/legacy-migration',
    ]);
  });

  it('reads the URI from a secret', async () => {
    const evaluation = await evaluateLegacy(false, undefined);
    const job = findResource(evaluation, 'legacy-migration-job');
    const container = firstContainer(job);
    expect(container.command).toEqual(['node_modules/.bin/tsx', 'scripts/migrate-legacy.ts']);
    expect(container.args).toEqual([]);
    expect(container.env).toEqual([
      {
        name: 'LEGACY_SOURCE',
        valueFrom: { secretKeyRef: { name: 'legacy-migration-source', key: 'LEGACY_SOURCE' } },
      },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'DATABASE_URL' } },
      },
    ]);
    expect(JSON.stringify(job.inputs)).not.toContain('mongo-secret-password');
    const secret = findResource(evaluation, 'legacy-migration-source');
    expect(secret.inputs.stringData).toEqual({ LEGACY_SOURCE: mongoUri });
    expect(secret.secretPaths).toEqual(['stringData']);
  });

  it('passes dry run and batch size', async () => {
    const evaluation = await evaluateLegacy(true, 500);
    expect(firstContainer(findResource(evaluation, 'legacy-migration-job')).args).toEqual([
      '--dry-run',
      '--batch-size',
      '500',
    ]);
  });

  it('renames the job for new arguments', async () => {
    const first = await evaluateLegacy(true, undefined);
    const second = await evaluateLegacy(false, undefined);
    expect(first.outputs.jobName).toMatch(/^legacy-migration-[0-9a-f]{10}$/);
    expect(second.outputs.jobName).not.toBe(first.outputs.jobName);
  });

  it('never retries on its own', async () => {
    const evaluation = await evaluateLegacy(false, undefined);
    expect(findResource(evaluation, 'legacy-migration-job').inputs.spec).toMatchObject({ backoffLimit: 0 });
  });

  it('allows database and MongoDB egress', async () => {
    const evaluation = await evaluateLegacy(false, undefined);
    expect(findResource(evaluation, 'legacy-migration-network-policy').inputs.spec).toMatchObject({
      ingress: [],
      egress: [
        TestDatabaseEgress,
        { to: [{ ipBlock: { cidr: '10.30.0.0/16' } }], ports: [{ protocol: 'TCP', port: 27017 }] },
      ],
    });
  });
});
