import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import type { WebExposure } from './config';
import { curveClientKeyEnv, IpcPorts } from './ipc-broker';
import { imageVersionLabel, type ImageReference } from './image';
import { AnyAddress, namespacePeer, podPeer, tcpPorts, type NetworkPolicyPeer } from './network';
import { serviceContainer, servicePodTemplate } from './service-pod';
import type { ContainerResources } from './sizing';
import {
  databaseUrlEnv,
  declareNetworkPolicy,
  declareServiceAccount,
  plainEnv,
  selectorLabels,
  workloadMetadata,
  type StackContext,
  type DatabaseClientArgs,
} from './workload';

/** Arguments of {@link WebBackend}. */
export interface WebBackendArgs extends DatabaseClientArgs {
  context: StackContext;
  image: ImageReference;
  resources: ContainerResources;
  /** Initial replica count and HorizontalPodAutoscaler minimum. */
  replicas: number;
  /** HorizontalPodAutoscaler maximum. */
  maxReplicas: number;
  /** HorizontalPodAutoscaler CPU target, in percent of the CPU request. */
  targetCpuUtilization: number;
  /** Value of CORS_ORIGINS: comma-separated origins, empty for none. */
  corsOrigins: string;
  /** Ingress, LoadBalancer Service or NodePort Service. */
  exposure: WebExposure;
  /** Broker endpoints and the Secret with the CURVE client keys. */
  broker: {
    clientsEndpoint: pulumi.Input<string>;
    eventsOutEndpoint: pulumi.Input<string>;
    clientKeysSecretName: pulumi.Input<string>;
  };
}

/** Container command of the web backend. */
export const WebCommand = ['node_modules/.bin/tsx', 'services/web/main.ts'];

/** Port of the web backend, which also serves the health endpoints. */
export const WebPort = 3000;

/** Text of the web URL while a load balancer has no address yet. */
export const PendingLoadBalancerAddress = '<load balancer address pending>';

/**
 * The web backend: a Deployment scaled by a HorizontalPodAutoscaler, its Service, an Ingress or a
 * LoadBalancer/NodePort Service, a PodDisruptionBudget and the NetworkPolicy of its pods.
 */
export class WebBackend extends pulumi.ComponentResource {
  /** Public URL of the web backend. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: WebBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:web:WebBackend', name, {}, opts);

    const { context, exposure } = args;
    const { selector, labels, metadata } = workloadMetadata(
      name,
      context,
      'web',
      'web-backend',
      imageVersionLabel(args.image),
    );

    const serviceAccount = declareServiceAccount(name, metadata, this);

    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata,
        spec: {
          replicas: args.replicas,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          selector: { matchLabels: selector },
          template: servicePodTemplate({
            labels,
            serviceAccountName: serviceAccount.metadata.name,
            container: serviceContainer({
              name: 'web',
              image: args.image,
              command: WebCommand,
              ports: [{ name: 'http', containerPort: WebPort }],
              env: [
                plainEnv('PORT', String(WebPort)),
                databaseUrlEnv(args.databaseUrl),
                plainEnv('IPC_CLIENT_ENDPOINT', args.broker.clientsEndpoint),
                plainEnv('IPC_EVENTS_ENDPOINT', args.broker.eventsOutEndpoint),
                ...curveClientKeyEnv(args.broker.clientKeysSecretName),
                plainEnv('CORS_ORIGINS', args.corsOrigins),
                plainEnv('KUMIKO_ENV', context.environment),
              ],
              healthPort: 'http',
              resources: args.resources,
            }),
          }),
        },
      },
      // Children do not inherit the component's dependsOn, so the workload gets it directly. The autoscaler
      // owns the replica count after the first deploy.
      { parent: this, dependsOn: opts?.dependsOn, ignoreChanges: ['spec.replicas'] },
    );

    const serviceType =
      exposure.kind === 'ingress'
        ? 'ClusterIP'
        : exposure.kind === 'loadBalancer'
          ? 'LoadBalancer'
          : 'NodePort';
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata,
        spec: {
          type: serviceType,
          selector,
          ports: [
            {
              name: 'http',
              port: 80,
              targetPort: 'http',
              protocol: 'TCP',
              ...(exposure.kind === 'nodePort' ? { nodePort: exposure.nodePort } : {}),
            },
          ],
        },
      },
      { parent: this },
    );

    let webSources: NetworkPolicyPeer[];
    if (exposure.kind === 'ingress') {
      new k8s.networking.v1.Ingress(
        `${name}-ingress`,
        {
          metadata,
          spec: {
            ...(exposure.ingressClassName === undefined
              ? {}
              : { ingressClassName: exposure.ingressClassName }),
            ...(exposure.tlsSecretName === undefined
              ? {}
              : { tls: [{ hosts: [exposure.host], secretName: exposure.tlsSecretName }] }),
            rules: [
              {
                host: exposure.host,
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Prefix',
                      backend: { service: { name: service.metadata.name, port: { name: 'http' } } },
                    },
                  ],
                },
              },
            ],
          },
        },
        { parent: this },
      );
      const scheme = exposure.tlsSecretName === undefined ? 'http' : 'https';
      this.url = pulumi.output(`${scheme}://${exposure.host}`);
      webSources = [namespacePeer(exposure.controllerNamespace)];
    } else if (exposure.kind === 'loadBalancer') {
      this.url = service.status.apply((status) => {
        const address = status?.loadBalancer?.ingress?.[0];
        return `http://${address?.hostname ?? address?.ip ?? PendingLoadBalancerAddress}`;
      });
      // Load balancers forward client addresses or node addresses, depending on the cloud.
      webSources = AnyAddress;
    } else {
      this.url = pulumi.output(`http://${exposure.host}:${exposure.nodePort}`);
      webSources = AnyAddress;
    }

    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-hpa`,
      {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
          minReplicas: args.replicas,
          maxReplicas: args.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: args.targetCpuUtilization },
              },
            },
          ],
        },
      },
      { parent: this },
    );

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
      { parent: this },
    );

    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        ingress: [{ from: webSources, ports: tcpPorts(WebPort) }],
        egress: [
          {
            to: [podPeer(selectorLabels('ipc-broker', context.instance))],
            ports: tcpPorts(IpcPorts.clients, IpcPorts.eventsOut),
          },
          args.databaseEgress,
        ],
      },
      this,
    );

    this.registerOutputs({ url: this.url });
  }
}
