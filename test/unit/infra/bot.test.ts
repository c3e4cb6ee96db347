import { beforeAll, describe, expect, it } from 'vitest';

import { DiscordBot } from '../../../infra/bot';
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

const token = 'test-bot-token-abcdefghijklmnop';

function botArgs(shardCount: number, shardsPerPod: number) {
  return {
    context: TestContext,
    image: TestImage,
    resources: TestResources.bot,
    applicationId: '123456789012345678',
    token,
    shardCount,
    shardsPerPod,
    databaseUrl: TestDatabaseUrl,
    databaseEgress: TestDatabaseEgress,
    broker: {
      workersEndpoint: 'tcp://ipc-broker.kumiko-test.svc:5556',
      eventsInEndpoint: 'tcp://ipc-broker.kumiko-test.svc:5557',
      clientKeysSecretName: 'ipc-broker-client-keys',
    },
  };
}

describe('DiscordBot', () => {
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateComponents((options) => {
      const bot = new DiscordBot('bot', botArgs(6, 2), options);
      return { replicas: bot.replicas };
    });
  });

  it('declares the bot objects', () => {
    expect(declaredKinds(evaluation)).toEqual([
      'NetworkPolicy/bot',
      'PodDisruptionBudget/bot',
      'Secret/bot-discord-token',
      'Service/bot',
      'ServiceAccount/bot',
      'StatefulSet/bot',
    ]);
  });

  it('runs one pod per shard group', () => {
    expect(evaluation.outputs.replicas).toBe(3);
    expect(findResource(evaluation, 'bot-statefulset').inputs.spec).toMatchObject({
      replicas: 3,
      serviceName: 'bot',
      podManagementPolicy: 'Parallel',
    });
  });

  it('passes the shard contract', () => {
    const env = firstContainer(findResource(evaluation, 'bot-statefulset')).env ?? [];
    expect(env).toContainEqual({ name: 'SHARD_COUNT', value: '6' });
    expect(env).toContainEqual({ name: 'SHARDS_PER_POD', value: '2' });
    expect(env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(env).toContainEqual({
      name: 'IPC_WORKER_ENDPOINT',
      value: 'tcp://ipc-broker.kumiko-test.svc:5556',
    });
    expect(env).toContainEqual({
      name: 'IPC_EVENTS_ENDPOINT',
      value: 'tcp://ipc-broker.kumiko-test.svc:5557',
    });
    expect(env).toContainEqual({ name: 'DISCORD_APPLICATION_ID', value: '123456789012345678' });
    expect(env).toContainEqual({ name: 'HEALTH_PORT', value: '8080' });
  });

  it('reads secrets from secret keys', () => {
    const env = firstContainer(findResource(evaluation, 'bot-statefulset')).env ?? [];
    const fromSecrets = env
      .filter((variable) => variable.valueFrom?.secretKeyRef !== undefined)
      .map((variable) => variable.name);
    expect(fromSecrets).toEqual([
      'DISCORD_TOKEN',
      'DATABASE_URL',
      'IPC_CURVE_SERVER_PUBLIC_KEY',
      'IPC_CURVE_CLIENT_PUBLIC_KEY',
      'IPC_CURVE_CLIENT_SECRET_KEY',
    ]);
    const secret = findResource(evaluation, 'bot-discord-token');
    expect(secret.inputs.stringData).toEqual({ DISCORD_TOKEN: token });
    expect(secret.secretPaths).toEqual(['stringData']);
    expect(JSON.stringify(findResource(evaluation, 'bot-statefulset').inputs)).not.toContain(token);
  });

  it('runs the bot command', () => {
    const container = firstContainer(findResource(evaluation, 'bot-statefulset'));
    expect(container.command).toEqual(['node_modules/.bin/tsx', 'services/bot/main.ts']);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'health' });
  });

  it('allows broker, database and Discord egress', () => {
    const spec = findResource(evaluation, 'bot-network-policy').inputs.spec as {
      ingress: unknown;
      egress: unknown[];
    };
    expect(spec.ingress).toEqual([]);
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
          { protocol: 'TCP', port: 5556 },
          { protocol: 'TCP', port: 5557 },
        ],
      },
      TestDatabaseEgress,
      {
        to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
  });

  it('rejects uneven shard groups', () => {
    expect(() => new DiscordBot('bot', botArgs(5, 2))).toThrow(/must divide shardCount/);
  });
});
