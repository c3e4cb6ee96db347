import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

import type { Environment } from './config';
import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from './network';
import type { ContainerResources } from './sizing';

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type Probe = k8s.types.input.core.v1.Probe;
type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** Values that every component of one stack shares. */
export interface StackContext {
  /** Namespace of every object. Pass the Namespace resource's name output so objects wait for it. */
  namespace: pulumi.Input<string>;
  /** Value of the `app.kubernetes.io/instance` label, unique per stack in a cluster. */
  instance: string;
  environment: Environment;
}

/** `app.kubernetes.io/name` values of the workloads, also used to select pods in NetworkPolicies. */
export type AppName = 'web' | 'bot' | 'ipc-broker' | 'postgresql' | 'schema-migration' | 'legacy-migration';

/** Return the labels that select the pods of one workload. They never change, because selectors are immutable. */
export function selectorLabels(app: AppName, instance: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': instance };
}

/** Return the Kubernetes recommended labels (`app.kubernetes.io/*`) of one workload's objects. */
export function recommendedLabels(
  app: AppName,
  instance: string,
  component: string,
  version: string | undefined,
): Record<string, string> {
  return {
    ...selectorLabels(app, instance),
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'kumiko',
    'app.kubernetes.io/managed-by': 'pulumi',
    ...(version === undefined ? {} : { 'app.kubernetes.io/version': version }),
  };
}

/** Labels and object metadata of one workload. */
export interface WorkloadMetadata {
  /** Labels that select the workload's pods ({@link selectorLabels}). */
  selector: Record<string, string>;
  /** Recommended labels of every object of the workload ({@link recommendedLabels}). */
  labels: Record<string, string>;
  /** Metadata of the workload's objects: the component name, the stack namespace and the labels. */
  metadata: { name: string; namespace: pulumi.Input<string>; labels: Record<string, string> };
}

/** Return the selector, the labels and the object metadata of the workload that component `name` declares. */
export function workloadMetadata(
  name: string,
  context: StackContext,
  app: AppName,
  component: string,
  version: string | undefined,
): WorkloadMetadata {
  const labels = recommendedLabels(app, context.instance, component, version);
  return {
    selector: selectorLabels(app, context.instance),
    labels,
    metadata: { name, namespace: context.namespace, labels },
  };
}

/** Declare the ServiceAccount of a workload, with automounting of its token turned off. */
export function declareServiceAccount(
  name: string,
  metadata: WorkloadMetadata['metadata'],
  parent: pulumi.Resource,
): k8s.core.v1.ServiceAccount {
  return new k8s.core.v1.ServiceAccount(
    `${name}-service-account`,
    { metadata, automountServiceAccountToken: false },
    { parent },
  );
}

/** Declare the NetworkPolicy of a workload's pods, with both the `Ingress` and the `Egress` policy type. */
export function declareNetworkPolicy(
  name: string,
  workload: Pick<WorkloadMetadata, 'selector' | 'metadata'>,
  rules: { ingress: NetworkPolicyIngressRule[]; egress: NetworkPolicyEgressRule[] },
  parent: pulumi.Resource,
): k8s.networking.v1.NetworkPolicy {
  return new k8s.networking.v1.NetworkPolicy(
    `${name}-network-policy`,
    {
      metadata: workload.metadata,
      spec: {
        podSelector: { matchLabels: workload.selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: rules.ingress,
        egress: rules.egress,
      },
    },
    { parent },
  );
}

/** User and group of the service image (see the Dockerfile). */
export const ServiceUserId = 10001;

/** Pod-level security settings that pass the `restricted` Pod Security Standard. */
export function restrictedPodSecurityContext(userId: number, groupId: number): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: userId,
    runAsGroup: groupId,
    fsGroup: groupId,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security settings: read-only root file system, no capabilities, no privilege escalation. */
export function restrictedContainerSecurityContext(): SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A writable /tmp on an emptyDir, because the root file system is read-only. tsx writes its compile cache
 * under the system temp directory.
 */
export const TmpVolume: Volume = { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } };
export const TmpVolumeMount: VolumeMount = { name: 'tmp', mountPath: '/tmp' };

/**
 * Startup, readiness and liveness probes on the service's HTTP health endpoints. The startup probe allows
 * 60 s for tsx to compile the sources before the liveness probe starts counting.
 */
export function httpHealthProbes(
  port: number | string,
): Pick<Container, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  const get = (path: string) => ({ httpGet: { path, port } });
  const startupProbe: Probe = {
    ...get('/healthz'),
    periodSeconds: 2,
    failureThreshold: 30,
    timeoutSeconds: 2,
  };
  const readinessProbe: Probe = {
    ...get('/readyz'),
    periodSeconds: 5,
    failureThreshold: 3,
    timeoutSeconds: 2,
  };
  const livenessProbe: Probe = {
    ...get('/healthz'),
    periodSeconds: 10,
    failureThreshold: 3,
    timeoutSeconds: 3,
  };
  return { startupProbe, readinessProbe, livenessProbe };
}

/** Return an environment variable read from a key of a Secret. */
export function secretEnv(name: string, secretName: pulumi.Input<string>, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Return a plain environment variable. Pass secrets through {@link secretEnv} instead. */
export function plainEnv(name: string, value: pulumi.Input<string>): EnvVar {
  return { name, value };
}

/** Return the `DATABASE_URL` variable, read from the Secret key that contains the connection string. */
export function databaseUrlEnv(databaseUrl: SecretKeyReference): EnvVar {
  return secretEnv('DATABASE_URL', databaseUrl.name, databaseUrl.key);
}

/** Requests and limits in the shape of a container's `resources` field. */
export function containerResources(
  resources: ContainerResources,
): k8s.types.input.core.v1.ResourceRequirements {
  return { requests: { ...resources.requests }, limits: { ...resources.limits } };
}

/** Reference to a Secret key, as the services receive it. */
export interface SecretKeyReference {
  /** Secret name (pass `secret.metadata.name`). */
  name: pulumi.Input<string>;
  key: string;
}

/** Arguments of a component whose pods connect to PostgreSQL. */
export interface DatabaseClientArgs {
  /** Secret key that contains `DATABASE_URL`. */
  databaseUrl: SecretKeyReference;
  /** Egress rule that reaches PostgreSQL. */
  databaseEgress: NetworkPolicyEgressRule;
}
