import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

import { curveKeyPairFromSecret } from './curve';
import { imageVersionLabel, type ImageReference } from './image';
import { podPeer, tcpPorts } from './network';
import { serviceContainer, servicePodTemplate } from './service-pod';
import type { ContainerResources } from './sizing';
import {
  declareNetworkPolicy,
  declareServiceAccount,
  plainEnv,
  secretEnv,
  selectorLabels,
  workloadMetadata,
  type AppName,
  type StackContext,
} from './workload';

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** Arguments of {@link IpcBroker}. */
export interface IpcBrokerArgs {
  context: StackContext;
  image: ImageReference;
  resources: ContainerResources;
  /** Workloads that send requests (port 5555) and subscribe to events (port 5558). */
  clientApps: readonly AppName[];
  /** Workloads that serve requests (port 5556) and publish events (port 5557). */
  workerApps: readonly AppName[];
}

/** TCP ports of the broker. */
export const IpcPorts = {
  clients: 5555,
  workers: 5556,
  eventsIn: 5557,
  eventsOut: 5558,
  health: 8080,
} as const;

/** Container command of the broker. */
export const IpcBrokerCommand = ['node_modules/.bin/tsx', 'services/ipc/main.ts'];

/** Keys of the Secret that web and bot pods read. */
export const CurveClientKeys = {
  serverPublicKey: 'IPC_CURVE_SERVER_PUBLIC_KEY',
  clientPublicKey: 'IPC_CURVE_CLIENT_PUBLIC_KEY',
  clientSecretKey: 'IPC_CURVE_CLIENT_SECRET_KEY',
} as const;

/** Return the variables of the CURVE keys that a broker client needs, read from the client keys Secret. */
export function curveClientKeyEnv(clientKeysSecretName: pulumi.Input<string>): EnvVar[] {
  return [
    secretEnv('IPC_CURVE_SERVER_PUBLIC_KEY', clientKeysSecretName, CurveClientKeys.serverPublicKey),
    secretEnv('IPC_CURVE_CLIENT_PUBLIC_KEY', clientKeysSecretName, CurveClientKeys.clientPublicKey),
    secretEnv('IPC_CURVE_CLIENT_SECRET_KEY', clientKeysSecretName, CurveClientKeys.clientSecretKey),
  ];
}

/**
 * The ZeroMQ broker between web and bot: a one-replica Deployment, its Service, and CURVE key pairs kept in
 * two Secrets. The server's secret key goes only to the broker, the shared client key pair only to clients.
 */
export class IpcBroker extends pulumi.ComponentResource {
  /** Host name of the broker Service. */
  readonly serviceHost: pulumi.Output<string>;
  /** Name of the Secret with the keys that clients need ({@link CurveClientKeys}). */
  readonly clientKeysSecretName: pulumi.Output<string>;
  /** `tcp://` endpoints of the four broker sockets. */
  readonly endpoints: {
    clients: pulumi.Output<string>;
    workers: pulumi.Output<string>;
    eventsIn: pulumi.Output<string>;
    eventsOut: pulumi.Output<string>;
  };

  constructor(name: string, args: IpcBrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:ipc:IpcBroker', name, {}, opts);

    const { context } = args;
    const { selector, labels, metadata } = workloadMetadata(
      name,
      context,
      'ipc-broker',
      'message-broker',
      imageVersionLabel(args.image),
    );

    // The random bytes stay in the Pulumi state, so the keys survive every later deploy unchanged.
    const serverSecretBytes = new random.RandomBytes(`${name}-server-key`, { length: 32 }, { parent: this });
    const clientSecretBytes = new random.RandomBytes(`${name}-client-key`, { length: 32 }, { parent: this });
    const serverKeys = pulumi.secret(serverSecretBytes.base64.apply(curveKeyPairFromSecret));
    const clientKeys = pulumi.secret(clientSecretBytes.base64.apply(curveKeyPairFromSecret));

    const serverKeysSecret = new k8s.core.v1.Secret(
      `${name}-server-keys`,
      {
        metadata: { ...metadata, name: `${name}-server-keys` },
        type: 'Opaque',
        stringData: pulumi.secret({
          IPC_CURVE_SERVER_SECRET_KEY: serverKeys.secretKey,
          IPC_CURVE_SERVER_PUBLIC_KEY: serverKeys.publicKey,
        }),
      },
      { parent: this },
    );

    const clientKeysSecret = new k8s.core.v1.Secret(
      `${name}-client-keys`,
      {
        metadata: { ...metadata, name: `${name}-client-keys` },
        type: 'Opaque',
        stringData: pulumi.secret({
          [CurveClientKeys.serverPublicKey]: serverKeys.publicKey,
          [CurveClientKeys.clientPublicKey]: clientKeys.publicKey,
          [CurveClientKeys.clientSecretKey]: clientKeys.secretKey,
        }),
      },
      { parent: this },
    );
    this.clientKeysSecretName = clientKeysSecret.metadata.name;

    const serviceAccount = declareServiceAccount(name, metadata, this);

    const socketPorts = [
      { name: 'clients', port: IpcPorts.clients },
      { name: 'workers', port: IpcPorts.workers },
      { name: 'events-in', port: IpcPorts.eventsIn },
      { name: 'events-out', port: IpcPorts.eventsOut },
    ];

    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata,
        spec: {
          replicas: 1,
          // Two brokers behind one Service would split clients from workers, so the old pod stops first.
          strategy: { type: 'Recreate' },
          selector: { matchLabels: selector },
          template: servicePodTemplate({
            labels,
            serviceAccountName: serviceAccount.metadata.name,
            container: serviceContainer({
              name: 'ipc-broker',
              image: args.image,
              command: IpcBrokerCommand,
              ports: [
                ...socketPorts.map((port) => ({ name: port.name, containerPort: port.port })),
                { name: 'health', containerPort: IpcPorts.health },
              ],
              env: [
                secretEnv(
                  'IPC_CURVE_SERVER_SECRET_KEY',
                  serverKeysSecret.metadata.name,
                  'IPC_CURVE_SERVER_SECRET_KEY',
                ),
                secretEnv(
                  'IPC_CURVE_SERVER_PUBLIC_KEY',
                  serverKeysSecret.metadata.name,
                  'IPC_CURVE_SERVER_PUBLIC_KEY',
                ),
                plainEnv('HEALTH_PORT', String(IpcPorts.health)),
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

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata,
        spec: {
          type: 'ClusterIP',
          selector,
          ports: socketPorts.map((port) => ({
            name: port.name,
            port: port.port,
            targetPort: port.name,
            protocol: 'TCP',
          })),
        },
      },
      { parent: this },
    );
    this.serviceHost = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc`;
    this.endpoints = {
      clients: pulumi.interpolate`tcp://${this.serviceHost}:${IpcPorts.clients}`,
      workers: pulumi.interpolate`tcp://${this.serviceHost}:${IpcPorts.workers}`,
      eventsIn: pulumi.interpolate`tcp://${this.serviceHost}:${IpcPorts.eventsIn}`,
      eventsOut: pulumi.interpolate`tcp://${this.serviceHost}:${IpcPorts.eventsOut}`,
    };

    const peers = (apps: readonly AppName[]) =>
      apps.map((app) => podPeer(selectorLabels(app, context.instance)));
    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        // An empty `from` list would admit every source, so rules without peers are left out.
        ingress: [
          ...(args.clientApps.length === 0
            ? []
            : [{ from: peers(args.clientApps), ports: tcpPorts(IpcPorts.clients, IpcPorts.eventsOut) }]),
          ...(args.workerApps.length === 0
            ? []
            : [{ from: peers(args.workerApps), ports: tcpPorts(IpcPorts.workers, IpcPorts.eventsIn) }]),
        ],
        egress: [],
      },
      this,
    );

    this.registerOutputs({
      serviceHost: this.serviceHost,
      clientKeysSecretName: this.clientKeysSecretName,
      endpoints: this.endpoints,
    });
  }
}
