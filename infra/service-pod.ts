import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

import { imagePullPolicy, type ImageReference } from './image';
import type { ContainerResources } from './sizing';
import {
  containerResources,
  httpHealthProbes,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  ServiceUserId,
  TmpVolume,
  TmpVolumeMount,
} from './workload';

type Container = k8s.types.input.core.v1.Container;
type ContainerPort = k8s.types.input.core.v1.ContainerPort;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type JobSpec = k8s.types.input.batch.v1.JobSpec;
type PodTemplateSpec = k8s.types.input.core.v1.PodTemplateSpec;

/** Fields in which the containers that run the service image differ. */
export interface ServiceContainerSpec {
  name: string;
  image: ImageReference;
  command: string[];
  /** Arguments after the command. The container gets no `args` field when this is undefined. */
  args?: string[];
  /** The container gets no `ports` field when this is undefined. */
  ports?: ContainerPort[];
  env: EnvVar[];
  /** Port (number or name) of the HTTP health endpoints. The container gets no probes when this is undefined. */
  healthPort?: number | string;
  resources: ContainerResources;
}

/**
 * Build a container that runs the service image with the restricted container security context and a
 * writable /tmp. The pod needs {@link TmpVolume}, which {@link servicePodTemplate} adds.
 */
export function serviceContainer(spec: ServiceContainerSpec): Container {
  return {
    name: spec.name,
    image: spec.image.ref,
    imagePullPolicy: imagePullPolicy(spec.image),
    command: spec.command,
    ...(spec.args === undefined ? {} : { args: spec.args }),
    ...(spec.ports === undefined ? {} : { ports: spec.ports }),
    env: spec.env,
    ...(spec.healthPort === undefined ? {} : httpHealthProbes(spec.healthPort)),
    resources: containerResources(spec.resources),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [TmpVolumeMount],
  };
}

/** Fields of a pod template with one service container. */
export interface ServicePodTemplateSpec {
  labels: Record<string, string>;
  /** Name of the workload's ServiceAccount. The pods do not mount its token. */
  serviceAccountName: pulumi.Input<string>;
  container: Container;
  /** The pod spec gets no `restartPolicy` field when this is undefined, so Kubernetes applies `Always`. */
  restartPolicy?: 'Never' | 'OnFailure';
}

/**
 * Build a pod template that runs one service container as {@link ServiceUserId} under the restricted pod
 * security context, with the /tmp volume that {@link serviceContainer} mounts.
 */
export function servicePodTemplate(spec: ServicePodTemplateSpec): PodTemplateSpec {
  return {
    metadata: { labels: spec.labels },
    spec: {
      ...(spec.restartPolicy === undefined ? {} : { restartPolicy: spec.restartPolicy }),
      serviceAccountName: spec.serviceAccountName,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(ServiceUserId, ServiceUserId),
      containers: [spec.container],
      volumes: [TmpVolume],
    },
  };
}

/** Fields of a Job that runs one service container to completion. */
export interface ServiceJobSpec extends Omit<ServicePodTemplateSpec, 'restartPolicy'> {
  /** Number of retries after a failed pod. */
  backoffLimit: number;
  /** Time limit of the whole Job, in seconds. The Job spec gets no such field when this is undefined. */
  activeDeadlineSeconds?: number;
}

/** Build the spec of a Job whose pods never restart in place, so each retry is a new pod. */
export function serviceJobSpec(spec: ServiceJobSpec): JobSpec {
  return {
    backoffLimit: spec.backoffLimit,
    ...(spec.activeDeadlineSeconds === undefined
      ? {}
      : { activeDeadlineSeconds: spec.activeDeadlineSeconds }),
    template: servicePodTemplate({
      labels: spec.labels,
      serviceAccountName: spec.serviceAccountName,
      container: spec.container,
      restartPolicy: 'Never',
    }),
  };
}
