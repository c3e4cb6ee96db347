import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { beforeAll, describe, expect, it } from 'vitest';

import type { DeclaredResource, Evaluation } from '../../../infra/testing/mock-engine';
import { Policies, type PolicyContext } from './support/policies';
import { schemaViolations } from './support/schema';
import { evaluateStack, FakeSecrets, fakeSecretValues, stackConfig } from './support/stack-fixture';

// Each policy must catch a deliberate violation and name the resource in its message, so a green policy
// run means something.

const config = stackConfig('dev');
let baseline: Evaluation;

beforeAll(async () => {
  baseline = await evaluateStack('dev', config);
});

function resourceNamed(evaluation: Evaluation, name: string): DeclaredResource {
  const resource = evaluation.resources.find((candidate) => candidate.name === name);
  if (resource === undefined) throw new Error(`No resource named ${name}.`);
  return resource;
}

function podSpecOf(resource: DeclaredResource): IPodSpec {
  return (resource.inputs.spec as { template: { spec: IPodSpec } }).template.spec;
}

function containerOf(resource: DeclaredResource): IContainer {
  return podSpecOf(resource).containers[0]!;
}

/** Run one policy on a copy of the baseline that `mutate` changed. */
function violationsAfter(
  policy: string,
  mutate: (evaluation: Evaluation) => void,
  environment: PolicyContext['environment'] = 'dev',
): string[] {
  const evaluation = structuredClone(baseline);
  mutate(evaluation);
  return Policies[policy]!({ evaluation, environment, secretValues: fakeSecretValues(config) });
}

describe('policies', () => {
  it('pass on the unchanged baseline', () => {
    for (const [name, policy] of Object.entries(Policies)) {
      expect(policy({ evaluation: baseline, environment: 'dev', secretValues: [] }), name).toEqual([]);
    }
  });

  it('catch a missing label', () => {
    const violations = violationsAfter('objects have names, namespaces and labels', (evaluation) => {
      const service = resourceNamed(evaluation, 'web-service');
      delete (service.inputs.metadata as { labels: Record<string, string> }).labels[
        'app.kubernetes.io/part-of'
      ];
    });
    expect(violations).toEqual([
      expect.stringContaining('::web-service: label app.kubernetes.io/part-of is missing'),
    ]);
  });

  it('catch a missing limit', () => {
    const violations = violationsAfter('containers set requests and limits', (evaluation) => {
      delete containerOf(resourceNamed(evaluation, 'web-deployment')).resources!.limits;
    });
    expect(violations).toHaveLength(2);
    expect(violations[0]).toContain('::web-deployment: container web has no limits.cpu');
  });

  it('catch a missing probe', () => {
    const violations = violationsAfter('long-running containers have probes', (evaluation) => {
      delete containerOf(resourceNamed(evaluation, 'bot-statefulset')).readinessProbe;
    });
    expect(violations).toEqual([
      expect.stringContaining('::bot-statefulset: container bot has no readinessProbe'),
    ]);
  });

  it('catch a root container', () => {
    const violations = violationsAfter('pods run restricted and non-root', (evaluation) => {
      containerOf(resourceNamed(evaluation, 'ipc-broker-deployment')).securityContext!.runAsNonRoot = false;
    });
    expect(violations).toEqual([
      expect.stringContaining('::ipc-broker-deployment: container ipc-broker runAsNonRoot'),
    ]);
  });

  it('catch a shared service account', () => {
    const violations = violationsAfter('each workload has its own service account', (evaluation) => {
      podSpecOf(resourceNamed(evaluation, 'bot-statefulset')).serviceAccountName = 'web';
    });
    expect(violations.join('\n')).toMatch(/service account web is shared/);
  });

  it('catch latest in prod', () => {
    const violations = violationsAfter(
      'prod images are pinned',
      (evaluation) => {
        containerOf(resourceNamed(evaluation, 'web-deployment')).image = 'kumiko:latest';
      },
      'prod',
    );
    expect(violations).toContainEqual(expect.stringContaining('::web-deployment: image "kumiko:latest"'));
  });

  it('catch a pod without policy', () => {
    const violations = violationsAfter('every pod is selected by network policies', (evaluation) => {
      const policy = resourceNamed(evaluation, 'web-network-policy');
      (policy.inputs.spec as { podSelector: unknown }).podSelector = { matchLabels: { app: 'other' } };
    });
    expect(violations).toEqual([
      expect.stringContaining('::web-deployment: no workload NetworkPolicy selects its pods'),
    ]);
  });

  it('catch a replicated workload without budget', () => {
    const violations = violationsAfter(
      'replicated prod workloads have disruption budgets',
      (evaluation) => {
        evaluation.resources = evaluation.resources.filter((resource) => resource.name !== 'web-pdb');
        (resourceNamed(evaluation, 'web-deployment').inputs.spec as { replicas: number }).replicas = 3;
      },
      'prod',
    );
    expect(violations).toEqual([
      expect.stringContaining('::web-deployment: 3 replicas and no PodDisruptionBudget'),
    ]);
  });

  it('catch a secret in plain env', () => {
    const violations = violationsAfter('secrets stay in secret objects', (evaluation) => {
      containerOf(resourceNamed(evaluation, 'web-deployment')).env!.push({
        name: 'LEAK',
        value: FakeSecrets.discordToken,
      });
    });
    expect(violations).toEqual([
      expect.stringMatching(
        /::web-deployment: spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value contains a secret value/,
      ),
    ]);
  });

  it('catch a generated secret in a ConfigMap', () => {
    const violations = violationsAfter('secrets stay in secret objects', (evaluation) => {
      const secret = resourceNamed(evaluation, 'ipc-broker-server-keys');
      const serverKey = (secret.inputs.stringData as Record<string, string>).IPC_CURVE_SERVER_SECRET_KEY;
      const configMap = structuredClone(resourceNamed(evaluation, 'web-service-account'));
      configMap.urn = 'urn:pulumi:dev::kumiko::kubernetes:core/v1:ConfigMap::leak';
      configMap.inputs = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'leak' },
        data: { key: serverKey },
      };
      evaluation.resources.push(configMap);
    });
    expect(violations).toEqual([
      'urn:pulumi:dev::kumiko::kubernetes:core/v1:ConfigMap::leak: data.key contains a secret value',
    ]);
  });

  it('catch a secret stack output', () => {
    const violations = violationsAfter('secrets stay in secret objects', (evaluation) => {
      evaluation.outputs.leak = FakeSecrets.discordToken;
      evaluation.secretOutputs.push('leak');
    });
    expect(violations).toEqual([
      'stack output leak: contains a secret value',
      'stack output leak: is marked secret',
    ]);
  });

  it('catch a plain DATABASE_URL', () => {
    const violations = violationsAfter('DATABASE_URL comes from a secret', (evaluation) => {
      const env = containerOf(resourceNamed(evaluation, 'bot-statefulset')).env!;
      const index = env.findIndex((variable) => variable.name === 'DATABASE_URL');
      env[index] = { name: 'DATABASE_URL', value: 'postgres://kumiko@postgres/kumiko' };
    });
    expect(violations).toEqual([
      expect.stringContaining('::bot-statefulset: DATABASE_URL is not read from a Secret'),
    ]);
  });

  it('catch a service before the migration', () => {
    const violations = violationsAfter('services wait for the schema migration', (evaluation) => {
      const web = resourceNamed(evaluation, 'web-deployment');
      web.dependencies = web.dependencies.filter((urn) => !urn.endsWith('::schema-migration-job'));
    });
    expect(violations).toEqual([expect.stringContaining('::web-deployment: does not depend on')]);
  });

  it('catch the default provider', () => {
    const violations = violationsAfter('kubernetes objects use the stack provider', (evaluation) => {
      resourceNamed(evaluation, 'web-hpa').provider =
        'urn:pulumi:dev::kumiko::pulumi:providers:kubernetes::default::id';
    });
    expect(violations).toEqual([expect.stringContaining('::web-hpa: uses provider')]);
  });

  it('schema check catches a bad field', () => {
    const evaluation = structuredClone(baseline);
    (resourceNamed(evaluation, 'web-deployment').inputs.spec as { replicas: unknown }).replicas = 'three';
    expect(schemaViolations(evaluation)).toEqual([expect.stringContaining('::web-deployment:')]);
  });
});
