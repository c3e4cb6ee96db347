import { beforeAll, describe, expect, it } from 'vitest';

import { PendingLoadBalancerAddress } from '../../../infra/web';
import { computedPlaceholder, kubernetesObjects, type Evaluation } from '../../../infra/testing/mock-engine';
import { describePolicies, workloadsOf } from './support/policies';
import { describeSchemaValidation } from './support/schema';
import { evaluateStack, FakeSecrets, fakeSecretValues, stackConfig } from './support/stack-fixture';

// Settings that the committed stack files do not use, so the policies also cover the optional objects.

describe('prod with managed database and legacy migration', () => {
  const config = stackConfig('prod', {
    postgresExternal: 'true',
    postgresUrl: FakeSecrets.postgresUrl,
    postgresExternalCidr: '10.20.0.0/16',
    legacyMigrationEnabled: 'true',
    legacyMongoUri: FakeSecrets.legacyMongoUri,
    legacyBatchSize: '250',
    webExposure: 'loadBalancer',
  });
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateStack('prod', config);
  });

  it('evaluates without mock errors', () => {
    expect(evaluation.errors).toEqual([]);
  });

  it('declares no in-cluster database', () => {
    const kinds = kubernetesObjects(evaluation.resources)
      .filter((resource) => resource.name.startsWith('postgres-'))
      .map((resource) => (resource.inputs as { kind: string }).kind);
    expect(kinds).toEqual(['Secret']);
  });

  it('exports the managed database host', () => {
    expect(evaluation.outputs.postgresHost).toBe('db.internal.example');
  });

  it('exports the load balancer placeholder', () => {
    expect(evaluation.outputs.webUrl).toBe(`http://${computedPlaceholder('load balancer address')}`);
    expect(evaluation.outputs.webUrl).not.toContain(PendingLoadBalancerAddress);
  });

  it('lets clients reach the managed database', () => {
    const policy = kubernetesObjects(evaluation.resources).find(
      (resource) => resource.name === 'web-network-policy',
    );
    expect(JSON.stringify(policy?.inputs.spec)).toContain('"cidr":"10.20.0.0/16"');
  });

  it('runs the legacy migration after the schema', () => {
    const legacy = workloadsOf(evaluation).find(
      (workload) => workload.resource.name === 'legacy-migration-job',
    );
    const schema = workloadsOf(evaluation).find(
      (workload) => workload.resource.name === 'schema-migration-job',
    );
    expect(legacy?.resource.dependencies).toContain(schema?.resource.urn);
    expect(legacy?.template.spec?.containers?.[0]?.args).toEqual(['--batch-size', '250']);
  });

  describeSchemaValidation(() => evaluation);
  describePolicies(() => ({ evaluation, environment: 'prod', secretValues: fakeSecretValues(config) }));
});

describe('dev with legacy dry run', () => {
  const config = stackConfig('dev', {
    legacyMigrationEnabled: 'true',
    legacyMongoUri: FakeSecrets.legacyMongoUri,
    legacyDryRun: 'true',
  });
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateStack('dev', config);
  });

  it('passes --dry-run', () => {
    const legacy = workloadsOf(evaluation).find(
      (workload) => workload.resource.name === 'legacy-migration-job',
    );
    expect(legacy?.template.spec?.containers?.[0]?.args).toEqual(['--dry-run']);
  });

  describeSchemaValidation(() => evaluation);
  describePolicies(() => ({ evaluation, environment: 'dev', secretValues: fakeSecretValues(config) }));
});
