import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { curveClientKeyEnv, IpcPorts } from './ipc-broker';
import { imageVersionLabel, type ImageReference } from './image';
import { AnyAddress, podPeer, tcpPorts } from './network';
import { serviceContainer, servicePodTemplate } from './service-pod';
import type { ContainerResources } from './sizing';
import {
  databaseUrlEnv,
  declareNetworkPolicy,
  declareServiceAccount,
  plainEnv,
  secretEnv,
  selectorLabels,
  workloadMetadata,
  type StackContext,
  type DatabaseClientArgs,
} from './workload';

/** Arguments of {@link DiscordBot}. */
export interface DiscordBotArgs extends DatabaseClientArgs {
  context: StackContext;
  image: ImageReference;
  resources: ContainerResources;
  /** Discord application id (not a secret). */
  applicationId: string;
  /** Bot token (secret). */
  token: pulumi.Input<string>;
  /** Total number of Discord gateway shards. */
  shardCount: number;
  /** Shards per pod. Must divide `shardCount`. */
  shardsPerPod: number;
  /** Broker endpoints and the Secret with the CURVE client keys. */
  broker: {
    workersEndpoint: pulumi.Input<string>;
    eventsInEndpoint: pulumi.Input<string>;
    clientKeysSecretName: pulumi.Input<string>;
  };
}

/** Container command of the bot. */
export const BotCommand = ['node_modules/.bin/tsx', 'services/bot/main.ts'];

/** Port of the bot's HTTP health endpoints. */
const HealthPort = 8080;

/**
 * The Discord bot as a StatefulSet. Each pod serves one shard group: the pod with ordinal n (from POD_NAME)
 * serves shards n*shardsPerPod to n*shardsPerPod+shardsPerPod-1, so the replica count is
 * shardCount / shardsPerPod.
 */
export class DiscordBot extends pulumi.ComponentResource {
  /** Number of pods. */
  readonly replicas: number;

  constructor(name: string, args: DiscordBotArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before registering anything, so an invalid argument leaves no half-declared component.
    if (args.shardCount % args.shardsPerPod !== 0) {
      throw new RangeError(
        `shardsPerPod (${args.shardsPerPod}) must divide shardCount (${args.shardCount}).`,
      );
    }
    super('kumiko:bot:DiscordBot', name, {}, opts);
    this.replicas = args.shardCount / args.shardsPerPod;

    const { context } = args;
    const { selector, labels, metadata } = workloadMetadata(
      name,
      context,
      'bot',
      'bot',
      imageVersionLabel(args.image),
    );

    const tokenSecret = new k8s.core.v1.Secret(
      `${name}-discord-token`,
      {
        metadata: { ...metadata, name: `${name}-discord-token` },
        type: 'Opaque',
        stringData: pulumi.secret({ DISCORD_TOKEN: args.token }),
      },
      { parent: this },
    );

    const serviceAccount = declareServiceAccount(name, metadata, this);

    // Headless Service that a StatefulSet requires for its pods' stable DNS names.
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata,
        spec: {
          clusterIP: 'None',
          selector,
          ports: [{ name: 'health', port: HealthPort, targetPort: 'health' }],
        },
      },
      { parent: this },
    );

    new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata,
        spec: {
          serviceName: service.metadata.name,
          replicas: this.replicas,
          // Shard groups do not depend on each other, so pods start and stop together.
          podManagementPolicy: 'Parallel',
          selector: { matchLabels: selector },
          template: servicePodTemplate({
            labels,
            serviceAccountName: serviceAccount.metadata.name,
            container: serviceContainer({
              name: 'bot',
              image: args.image,
              command: BotCommand,
              ports: [{ name: 'health', containerPort: HealthPort }],
              env: [
                secretEnv('DISCORD_TOKEN', tokenSecret.metadata.name, 'DISCORD_TOKEN'),
                plainEnv('DISCORD_APPLICATION_ID', args.applicationId),
                databaseUrlEnv(args.databaseUrl),
                plainEnv('SHARD_COUNT', String(args.shardCount)),
                plainEnv('SHARDS_PER_POD', String(args.shardsPerPod)),
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                plainEnv('IPC_WORKER_ENDPOINT', args.broker.workersEndpoint),
                plainEnv('IPC_EVENTS_ENDPOINT', args.broker.eventsInEndpoint),
                ...curveClientKeyEnv(args.broker.clientKeysSecretName),
                plainEnv('HEALTH_PORT', String(HealthPort)),
                plainEnv('KUMIKO_ENV', context.environment),
              ],
              healthPort: 'health',
              resources: args.resources,
            }),
          }),
        },
      },
      // Children do not inherit the component's dependsOn, so the workload gets it directly.
      { parent: this, dependsOn: opts?.dependsOn },
    );

    // Every pod is a distinct shard group, so at most one may be evicted at a time.
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
      { parent: this },
    );

    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        ingress: [],
        egress: [
          {
            to: [podPeer(selectorLabels('ipc-broker', context.instance))],
            ports: tcpPorts(IpcPorts.workers, IpcPorts.eventsIn),
          },
          args.databaseEgress,
          // Discord's gateway and REST API have no fixed address range.
          { to: AnyAddress, ports: tcpPorts(443) },
        ],
      },
      this,
    );

    this.registerOutputs({ replicas: this.replicas });
  }
}
