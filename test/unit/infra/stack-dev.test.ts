import { beforeAll, describe, expect, it } from 'vitest';

import { kubernetesObjects, type Evaluation } from '../../../infra/testing/mock-engine';
import { describePolicies } from './support/policies';
import { describeSchemaValidation } from './support/schema';
import { fakeSecretValues, installStack, stackConfig } from './support/stack-fixture';

// Loads Pulumi.dev.yaml (plus fake secrets) and runs infra/index.ts as `pulumi up` would, under mocks.
const config = stackConfig('dev');
let evaluation: Evaluation;

beforeAll(async () => {
  const engine = await installStack('dev', config);
  evaluation = await engine.evaluate(async () => ({ ...(await import('../../../infra/index.js')) }));
});

describe('dev stack', () => {
  it('evaluates without mock errors', () => {
    expect(evaluation.errors).toEqual([]);
  });

  it('exports url, namespace and host', () => {
    expect(evaluation.outputs.webUrl).toBe('http://localhost:30080');
    expect(evaluation.outputs.namespace).toBe('kumiko-dev');
    expect(evaluation.outputs.postgresHost).toBe('postgres.kumiko-dev.svc');
  });

  it('exposes web through a NodePort', () => {
    const service = kubernetesObjects(evaluation.resources).find(
      (resource) => resource.name === 'web-service',
    );
    expect(service?.inputs.spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30080 }] });
  });

  it('declares no legacy migration', () => {
    const legacy = evaluation.resources.filter((resource) =>
      resource.type.startsWith('kumiko:migration:Legacy'),
    );
    expect(legacy).toEqual([]);
  });

  it('uses the dev context and sizes', () => {
    const provider = evaluation.resources.find((resource) => resource.type === 'pulumi:providers:kubernetes');
    expect(provider?.inputs).toMatchObject({ context: 'kind-kumiko', namespace: 'kumiko-dev' });
    const web = kubernetesObjects(evaluation.resources).find(
      (resource) => resource.name === 'web-deployment',
    );
    expect(web?.inputs.spec).toMatchObject({
      replicas: 1,
      template: { spec: { containers: [{ resources: { limits: { memory: '384Mi' } } }] } },
    });
  });

  describeSchemaValidation(() => evaluation);
  describePolicies(() => ({ evaluation, environment: 'dev', secretValues: fakeSecretValues(config) }));
});
