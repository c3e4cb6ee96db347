import { beforeAll, describe, expect, it } from 'vitest';

import { kubernetesObjects, type Evaluation } from '../../../infra/testing/mock-engine';
import { describePolicies, workloadsOf } from './support/policies';
import { describeSchemaValidation } from './support/schema';
import { fakeSecretValues, installStack, stackConfig } from './support/stack-fixture';

// Loads Pulumi.prod.yaml (plus fake secrets) and runs infra/index.ts as `pulumi up` would, under mocks.
const config = stackConfig('prod');
let evaluation: Evaluation;

beforeAll(async () => {
  const engine = await installStack('prod', config);
  evaluation = await engine.evaluate(async () => ({ ...(await import('../../../infra/index.js')) }));
});

describe('prod stack', () => {
  it('evaluates without mock errors', () => {
    expect(evaluation.errors).toEqual([]);
  });

  it('exports url, namespace and host', () => {
    expect(evaluation.outputs.webUrl).toBe('https://kumiko.example.com');
    expect(evaluation.outputs.namespace).toBe('kumiko');
    expect(evaluation.outputs.postgresHost).toBe('postgres.kumiko.svc');
  });

  it('routes the ingress host with TLS', () => {
    const ingress = kubernetesObjects(evaluation.resources).find(
      (resource) => resource.name === 'web-ingress',
    );
    expect(ingress?.inputs.spec).toMatchObject({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['kumiko.example.com'], secretName: 'kumiko-web-tls' }],
      rules: [{ host: 'kumiko.example.com' }],
    });
  });

  it('runs two bot shard groups', () => {
    const bot = workloadsOf(evaluation).find((workload) => workload.resource.name === 'bot-statefulset');
    expect(bot?.replicas).toBe(2);
    const env = bot?.template.spec?.containers?.[0]?.env ?? [];
    expect(env).toContainEqual({ name: 'SHARD_COUNT', value: '4' });
    expect(env).toContainEqual({ name: 'SHARDS_PER_POD', value: '2' });
  });

  it('scales web from three to ten', () => {
    const hpa = kubernetesObjects(evaluation.resources).find((resource) => resource.name === 'web-hpa');
    expect(hpa?.inputs.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
  });

  it('passes prod to every service', () => {
    const services = workloadsOf(evaluation).filter((workload) => workload.kind !== 'Job');
    for (const workload of services) {
      const env = workload.template.spec?.containers?.[0]?.env ?? [];
      if (workload.resource.name === 'postgres-statefulset') continue;
      expect(env, workload.resource.urn).toContainEqual({ name: 'KUMIKO_ENV', value: 'prod' });
    }
  });

  describeSchemaValidation(() => evaluation);
  describePolicies(() => ({ evaluation, environment: 'prod', secretValues: fakeSecretValues(config) }));
});
