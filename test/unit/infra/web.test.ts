import { describe, expect, it } from 'vitest';

import type { WebExposure } from '../../../infra/config';
import { computedPlaceholder, type Evaluation } from '../../../infra/testing/mock-engine';
import { WebBackend } from '../../../infra/web';
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

async function evaluateWeb(exposure: WebExposure): Promise<Evaluation> {
  return evaluateComponents((options) => {
    const web = new WebBackend(
      'web',
      {
        context: TestContext,
        image: TestImage,
        resources: TestResources.web,
        replicas: 3,
        maxReplicas: 8,
        targetCpuUtilization: 65,
        corsOrigins: 'https://kumiko.example.com',
        exposure,
        databaseUrl: TestDatabaseUrl,
        databaseEgress: TestDatabaseEgress,
        broker: {
          clientsEndpoint: 'tcp://ipc-broker.kumiko-test.svc:5555',
          eventsOutEndpoint: 'tcp://ipc-broker.kumiko-test.svc:5558',
          clientKeysSecretName: 'ipc-broker-client-keys',
        },
      },
      options,
    );
    return { url: web.url };
  });
}

const ingress: WebExposure = {
  kind: 'ingress',
  host: 'kumiko.example.com',
  ingressClassName: 'nginx',
  tlsSecretName: 'kumiko-tls',
  controllerNamespace: 'ingress-nginx',
};

describe('WebBackend', () => {
  it('declares ingress objects', async () => {
    const evaluation = await evaluateWeb(ingress);
    expect(declaredKinds(evaluation)).toEqual([
      'Deployment/web',
      'HorizontalPodAutoscaler/web',
      'Ingress/web',
      'NetworkPolicy/web',
      'PodDisruptionBudget/web',
      'Service/web',
      'ServiceAccount/web',
    ]);
    expect(evaluation.outputs.url).toBe('https://kumiko.example.com');
    expect(findResource(evaluation, 'web-service').inputs.spec).toMatchObject({ type: 'ClusterIP' });
    expect(findResource(evaluation, 'web-ingress').inputs.spec).toMatchObject({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'kumiko.example.com',
          http: { paths: [{ backend: { service: { name: 'web', port: { name: 'http' } } } }] },
        },
      ],
    });
  });

  it('admits only the ingress controller', async () => {
    const evaluation = await evaluateWeb(ingress);
    const spec = findResource(evaluation, 'web-network-policy').inputs.spec as {
      ingress: unknown;
      egress: unknown[];
    };
    expect(spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      },
    ]);
    expect(spec.egress).toEqual([
      {
        to: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'ipc-broker',
                'app.kubernetes.io/instance': 'kumiko-test',
              },
            },
          },
        ],
        ports: [
          { protocol: 'TCP', port: 5555 },
          { protocol: 'TCP', port: 5558 },
        ],
      },
      TestDatabaseEgress,
    ]);
  });

  it('passes the web contract', async () => {
    const evaluation = await evaluateWeb(ingress);
    const container = firstContainer(findResource(evaluation, 'web-deployment'));
    expect(container.command).toEqual(['node_modules/.bin/tsx', 'services/web/main.ts']);
    expect(container.env).toContainEqual({ name: 'PORT', value: '3000' });
    expect(container.env).toContainEqual({
      name: 'IPC_CLIENT_ENDPOINT',
      value: 'tcp://ipc-broker.kumiko-test.svc:5555',
    });
    expect(container.env).toContainEqual({
      name: 'IPC_EVENTS_ENDPOINT',
      value: 'tcp://ipc-broker.kumiko-test.svc:5558',
    });
    expect(container.env).toContainEqual({ name: 'CORS_ORIGINS', value: 'https://kumiko.example.com' });
    expect(container.env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'DATABASE_URL' } },
    });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('autoscales between the bounds', async () => {
    const evaluation = await evaluateWeb(ingress);
    expect(findResource(evaluation, 'web-hpa').inputs.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 8,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 65 } } }],
    });
    expect(findResource(evaluation, 'web-pdb').inputs.spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('uses a LoadBalancer service', async () => {
    const evaluation = await evaluateWeb({ kind: 'loadBalancer' });
    expect(declaredKinds(evaluation)).not.toContain('Ingress/web');
    expect(findResource(evaluation, 'web-service').inputs.spec).toMatchObject({ type: 'LoadBalancer' });
    expect(evaluation.outputs.url).toBe(`http://${computedPlaceholder('load balancer address')}`);
    const spec = findResource(evaluation, 'web-network-policy').inputs.spec as { ingress: unknown };
    expect(spec.ingress).toEqual([
      {
        from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      },
    ]);
  });

  it('uses a fixed NodePort', async () => {
    const evaluation = await evaluateWeb({ kind: 'nodePort', nodePort: 30111, host: 'localhost' });
    expect(findResource(evaluation, 'web-service').inputs.spec).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 'http', nodePort: 30111 }],
    });
    expect(evaluation.outputs.url).toBe('http://localhost:30111');
  });
});
