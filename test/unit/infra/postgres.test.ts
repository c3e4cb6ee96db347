import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';

import { PostgresDatabase } from '../../../infra/postgres';
import type { Evaluation } from '../../../infra/testing/mock-engine';
import {
  declaredKinds,
  evaluateComponents,
  findResource,
  firstContainer,
  podSpec,
  TestContext,
  TestResources,
} from './support/component-fixture';

describe('PostgresDatabase in cluster', () => {
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateComponents((options) => {
      const postgres = new PostgresDatabase(
        'postgres',
        {
          context: TestContext,
          settings: {
            kind: 'in-cluster',
            image: 'postgres:18',
            storageSize: '20Gi',
            storageClassName: 'fast',
          },
          resources: TestResources.postgres,
          clientApps: ['web', 'bot'],
        },
        options,
      );
      return {
        host: postgres.host,
        secretName: postgres.databaseUrl.name,
        egress: postgres.clientEgressRule,
      };
    });
  });

  it('declares the server objects', () => {
    expect(declaredKinds(evaluation)).toEqual([
      'NetworkPolicy/postgres',
      'PodDisruptionBudget/postgres',
      'Secret/postgres-credentials',
      'Service/postgres',
      'ServiceAccount/postgres',
      'StatefulSet/postgres',
    ]);
  });

  it('exports host and secret name', () => {
    expect(evaluation.outputs.host).toBe('postgres.kumiko-test.svc');
    expect(evaluation.outputs.secretName).toBe('postgres-credentials');
  });

  it('uses a headless service', () => {
    expect(findResource(evaluation, 'postgres-service').inputs.spec).toMatchObject({ clusterIP: 'None' });
  });

  it('claims a volume per pod', () => {
    const spec = findResource(evaluation, 'postgres-statefulset').inputs.spec as Record<string, unknown>;
    expect(spec.serviceName).toBe('postgres');
    expect(spec.volumeClaimTemplates).toMatchObject([
      {
        metadata: { name: 'data' },
        spec: { storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } },
      },
    ]);
  });

  it('builds the URL from the generated password', () => {
    const secret = findResource(evaluation, 'postgres-credentials');
    const password = findResource(evaluation, 'postgres-password');
    expect(password.inputs).toMatchObject({ length: 32, special: false });
    const data = secret.inputs.stringData as Record<string, string>;
    expect(data.DATABASE_URL).toBe(
      `postgres://kumiko:${data.POSTGRES_PASSWORD}@postgres.kumiko-test.svc:5432/kumiko`,
    );
    expect(data.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{32}$/);
    expect(secret.secretPaths).toEqual(['stringData']);
  });

  it('reads the password from the secret', () => {
    const container = firstContainer(findResource(evaluation, 'postgres-statefulset'));
    expect(container.env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_PASSWORD' } },
    });
    expect(container.readinessProbe?.exec?.command?.[0]).toBe('pg_isready');
    expect(podSpec(findResource(evaluation, 'postgres-statefulset')).securityContext?.runAsUser).toBe(999);
  });

  it('admits only the client pods', () => {
    const spec = findResource(evaluation, 'postgres-network-policy').inputs.spec as { ingress: unknown[] };
    expect(spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'kumiko-test' },
            },
          },
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'bot', 'app.kubernetes.io/instance': 'kumiko-test' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
  });

  it('blocks voluntary eviction', () => {
    expect(findResource(evaluation, 'postgres-pdb').inputs.spec).toMatchObject({ minAvailable: 1 });
  });
});

describe('PostgresDatabase external', () => {
  const url = 'postgres://app:s3cret-password@db.managed.example:5432/kumiko?sslmode=require';
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateComponents((options) => {
      const postgres = new PostgresDatabase(
        'postgres',
        {
          context: TestContext,
          settings: { kind: 'external', url: pulumi.secret(url), egressCidr: '10.1.0.0/16' },
          resources: TestResources.postgres,
          clientApps: ['web'],
        },
        options,
      );
      return { host: postgres.host, egress: postgres.clientEgressRule };
    });
  });

  it('declares only the secret', () => {
    expect(declaredKinds(evaluation)).toEqual(['Secret/postgres-credentials']);
    expect(evaluation.resources.some((resource) => resource.type.startsWith('random:'))).toBe(false);
  });

  it('stores the URL as a secret', () => {
    const secret = findResource(evaluation, 'postgres-credentials');
    expect(secret.inputs.stringData).toEqual({ DATABASE_URL: url });
    expect(secret.secretPaths).toEqual(['stringData']);
  });

  it('exports the host without the password', () => {
    expect(evaluation.outputs.host).toBe('db.managed.example');
    expect(evaluation.secretOutputs).toEqual([]);
  });

  it('allows egress to the CIDR', () => {
    expect(evaluation.outputs.egress).toEqual({
      to: [{ ipBlock: { cidr: '10.1.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });
});
