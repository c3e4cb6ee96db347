import { beforeAll, describe, expect, it } from 'vitest';

import { curveKeyPairFromSecret } from '../../../infra/curve';
import { IpcBroker } from '../../../infra/ipc-broker';
import type { Evaluation } from '../../../infra/testing/mock-engine';
import {
  declaredKinds,
  evaluateComponents,
  findResource,
  firstContainer,
  podSpec,
  TestContext,
  TestImage,
  TestResources,
} from './support/component-fixture';

describe('IpcBroker', () => {
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateComponents((options) => {
      const broker = new IpcBroker(
        'ipc-broker',
        {
          context: TestContext,
          image: TestImage,
          resources: TestResources.broker,
          clientApps: ['web'],
          workerApps: ['bot'],
        },
        options,
      );
      return {
        endpoints: broker.endpoints,
        clientKeys: broker.clientKeysSecretName,
        host: broker.serviceHost,
      };
    });
  });

  it('declares the broker objects', () => {
    expect(declaredKinds(evaluation)).toEqual([
      'Deployment/ipc-broker',
      'NetworkPolicy/ipc-broker',
      'Secret/ipc-broker-client-keys',
      'Secret/ipc-broker-server-keys',
      'Service/ipc-broker',
      'ServiceAccount/ipc-broker',
    ]);
  });

  it('exports the four endpoints', () => {
    expect(evaluation.outputs.endpoints).toEqual({
      clients: 'tcp://ipc-broker.kumiko-test.svc:5555',
      workers: 'tcp://ipc-broker.kumiko-test.svc:5556',
      eventsIn: 'tcp://ipc-broker.kumiko-test.svc:5557',
      eventsOut: 'tcp://ipc-broker.kumiko-test.svc:5558',
    });
  });

  it('runs the broker with health probes', () => {
    const container = firstContainer(findResource(evaluation, 'ipc-broker-deployment'));
    expect(container.command).toEqual(['node_modules/.bin/tsx', 'services/ipc/main.ts']);
    expect(container.ports?.map((port) => port.containerPort)).toEqual([5555, 5556, 5557, 5558, 8080]);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.env).toContainEqual({ name: 'HEALTH_PORT', value: '8080' });
    expect(container.env).toContainEqual({ name: 'KUMIKO_ENV', value: 'prod' });
  });

  it('keeps the server secret key from clients', () => {
    const server = findResource(evaluation, 'ipc-broker-server-keys').inputs.stringData as Record<
      string,
      string
    >;
    const client = findResource(evaluation, 'ipc-broker-client-keys').inputs.stringData as Record<
      string,
      string
    >;
    expect(Object.keys(server).sort()).toEqual([
      'IPC_CURVE_SERVER_PUBLIC_KEY',
      'IPC_CURVE_SERVER_SECRET_KEY',
    ]);
    expect(Object.keys(client).sort()).toEqual([
      'IPC_CURVE_CLIENT_PUBLIC_KEY',
      'IPC_CURVE_CLIENT_SECRET_KEY',
      'IPC_CURVE_SERVER_PUBLIC_KEY',
    ]);
    expect(client.IPC_CURVE_SERVER_PUBLIC_KEY).toBe(server.IPC_CURVE_SERVER_PUBLIC_KEY);
    expect(Object.values(client)).not.toContain(server.IPC_CURVE_SERVER_SECRET_KEY);
  });

  it('derives keys from the random bytes', () => {
    const bytes = findResource(evaluation, 'ipc-broker-server-key');
    expect(bytes.inputs).toEqual({ length: 32 });
    const server = findResource(evaluation, 'ipc-broker-server-keys').inputs.stringData as Record<
      string,
      string
    >;
    const secretKey = server.IPC_CURVE_SERVER_SECRET_KEY!;
    expect(secretKey).toHaveLength(40);
    const expected = curveKeyPairFromSecret(Buffer.from(secretKeyBytes(secretKey)).toString('base64'));
    expect(server.IPC_CURVE_SERVER_PUBLIC_KEY).toBe(expected.publicKey);
  });

  it('reads keys only from the server secret', () => {
    const container = firstContainer(findResource(evaluation, 'ipc-broker-deployment'));
    const refs = container.env
      ?.filter((variable) => variable.valueFrom !== undefined)
      .map((variable) => variable.valueFrom?.secretKeyRef?.name);
    expect(refs).toEqual(['ipc-broker-server-keys', 'ipc-broker-server-keys']);
  });

  it('replaces the pod on rollout', () => {
    expect(findResource(evaluation, 'ipc-broker-deployment').inputs.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'Recreate' },
    });
    expect(podSpec(findResource(evaluation, 'ipc-broker-deployment')).automountServiceAccountToken).toBe(
      false,
    );
  });

  it('admits web and bot on their ports', () => {
    const spec = findResource(evaluation, 'ipc-broker-network-policy').inputs.spec as {
      ingress: unknown;
      egress: unknown;
    };
    const peer = (name: string) => ({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'kumiko-test' },
      },
    });
    expect(spec.ingress).toEqual([
      {
        from: [peer('web')],
        ports: [
          { protocol: 'TCP', port: 5555 },
          { protocol: 'TCP', port: 5558 },
        ],
      },
      {
        from: [peer('bot')],
        ports: [
          { protocol: 'TCP', port: 5556 },
          { protocol: 'TCP', port: 5557 },
        ],
      },
    ]);
    expect(spec.egress).toEqual([]);
  });
});

const Z85Alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

function secretKeyBytes(z85: string): number[] {
  const bytes: number[] = [];
  for (let offset = 0; offset < z85.length; offset += 5) {
    let value = 0;
    for (const character of z85.slice(offset, offset + 5))
      value = value * 85 + Z85Alphabet.indexOf(character);
    bytes.push((value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
  }
  return bytes;
}
