import * as k8s from '@pulumi/kubernetes';
import { beforeAll, describe, expect, it } from 'vitest';

import { parseImageReference } from '../../../infra/image';
import { jobNameSuffix, SchemaMigration } from '../../../infra/schema-migration';
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

async function evaluateMigration(image = TestImage): Promise<Evaluation> {
  return evaluateComponents((options) => {
    const database = new k8s.core.v1.Secret(
      'database',
      { metadata: { name: 'database', namespace: 'kumiko-test' } },
      {
        provider: options.providers[0],
      },
    );
    const migration = new SchemaMigration(
      'schema-migration',
      {
        context: TestContext,
        image,
        databaseUrl: TestDatabaseUrl,
        databaseEgress: TestDatabaseEgress,
        resources: TestResources.schemaMigration,
      },
      { ...options, dependsOn: [database] },
    );
    return { jobName: migration.jobName };
  });
}

describe('SchemaMigration', () => {
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateMigration();
  });

  it('declares job, account and policy', () => {
    const suffix = jobNameSuffix(TestImage.ref, 'node_modules/.bin/tsx', 'scripts/db-migrate.ts', 'up');
    expect(declaredKinds(evaluation)).toEqual([
      `Job/schema-migration-${suffix}`,
      'NetworkPolicy/schema-migration',
      'Secret/database',
      'ServiceAccount/schema-migration',
    ]);
    expect(evaluation.outputs.jobName).toBe(`schema-migration-${suffix}`);
  });

  it('runs the migrate command', () => {
    const container = firstContainer(findResource(evaluation, 'schema-migration-job'));
    expect(container.image).toBe('registry.example.com/kumiko:1.2.3');
    expect(container.command).toEqual(['node_modules/.bin/tsx', 'scripts/db-migrate.ts', 'up']);
    expect(container.env).toEqual([
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'DATABASE_URL' } },
      },
    ]);
  });

  it('waits for the database', () => {
    const job = findResource(evaluation, 'schema-migration-job');
    expect(job.dependencies).toContain(findResource(evaluation, 'database').urn);
  });

  it('renames the job for a new image', async () => {
    const next = await evaluateMigration(parseImageReference('registry.example.com/kumiko:1.2.4'));
    expect(next.outputs.jobName).toMatch(/^schema-migration-[0-9a-f]{10}$/);
    expect(next.outputs.jobName).not.toBe(evaluation.outputs.jobName);
  });

  it('allows only database egress', () => {
    expect(findResource(evaluation, 'schema-migration-network-policy').inputs.spec).toMatchObject({
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [TestDatabaseEgress],
    });
  });
});
