import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { expect, it } from 'vitest';

import { isPinnedImage, parseImageReference } from '../../../../infra/image';
import {
  kubernetesObjects,
  type DeclaredResource,
  type Evaluation,
} from '../../../../infra/testing/mock-engine';

// Policy checks over every object that one evaluation declared. Each check returns its violations as
// "<urn>: <problem>" lines, so a failing test names the resource.

/** What a policy check reads. */
export interface PolicyContext {
  evaluation: Evaluation;
  environment: 'dev' | 'prod';
  /** Plain secret values that the test config contains. */
  secretValues: readonly string[];
}

export type Policy = (context: PolicyContext) => string[];

interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A Deployment, StatefulSet or Job with its pod template. */
interface Workload {
  resource: DeclaredResource;
  object: KubernetesObject;
  kind: string;
  replicas: number;
  template: IPodTemplateSpec;
}

export function objectOf(resource: DeclaredResource): KubernetesObject {
  return resource.inputs as unknown as KubernetesObject;
}

export function workloadsOf(evaluation: Evaluation): Workload[] {
  return kubernetesObjects(evaluation.resources).flatMap((resource) => {
    const object = objectOf(resource);
    if (!['Deployment', 'StatefulSet', 'Job'].includes(object.kind)) return [];
    const spec = (resource.inputs.spec ?? {}) as { replicas?: number; template?: IPodTemplateSpec };
    return [
      { resource, object, kind: object.kind, replicas: spec.replicas ?? 1, template: spec.template ?? {} },
    ];
  });
}

function containersOf(workload: Workload): IContainer[] {
  return [...(workload.template.spec?.initContainers ?? []), ...(workload.template.spec?.containers ?? [])];
}

/** Return whether a selector matches a label set (matchLabels and the In/NotIn/Exists operators). */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === undefined) return false;
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const expressionsMatch = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    if (expression.operator === 'In') return value !== undefined && (expression.values ?? []).includes(value);
    if (expression.operator === 'NotIn')
      return value === undefined || !(expression.values ?? []).includes(value);
    if (expression.operator === 'Exists') return value !== undefined;
    if (expression.operator === 'DoesNotExist') return value === undefined;
    return false;
  });
  return labelsMatch && expressionsMatch;
}

function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

function stringLeaves(value: unknown, path: string, into: { path: string; value: string }[]): void {
  if (typeof value === 'string') into.push({ path, value });
  else if (Array.isArray(value))
    value.forEach((item, index) => stringLeaves(item, `${path}[${index}]`, into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      stringLeaves(item, path === '' ? key : `${path}.${key}`, into);
  }
}

const RecommendedLabelKeys = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];

const DnsLabelPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const Policies: Record<string, Policy> = {
  'objects have names, namespaces and labels': ({ evaluation }) =>
    kubernetesObjects(evaluation.resources).flatMap((resource) => {
      const { kind, metadata } = objectOf(resource);
      const problems: string[] = [];
      if (metadata?.name === undefined || !DnsLabelPattern.test(metadata.name)) {
        problems.push(`metadata.name "${metadata?.name}" is missing or not a DNS label`);
      }
      if (kind !== 'Namespace' && metadata?.namespace === undefined)
        problems.push('metadata.namespace is missing');
      for (const key of RecommendedLabelKeys) {
        if (metadata?.labels?.[key] === undefined) problems.push(`label ${key} is missing`);
      }
      return problems.map((problem) => `${resource.urn}: ${problem}`);
    }),

  'containers set requests and limits': ({ evaluation }) =>
    workloadsOf(evaluation).flatMap((workload) =>
      containersOf(workload).flatMap((container) =>
        ['requests', 'limits'].flatMap((kind) =>
          ['cpu', 'memory']
            .filter((resource) => {
              const values = container.resources?.[kind as 'requests' | 'limits'] as
                Record<string, unknown> | undefined;
              return values?.[resource] === undefined;
            })
            .map(
              (resource) =>
                `${workload.resource.urn}: container ${container.name} has no ${kind}.${resource}`,
            ),
        ),
      ),
    ),

  'long-running containers have probes': ({ evaluation }) =>
    workloadsOf(evaluation)
      .filter((workload) => workload.kind !== 'Job')
      .flatMap((workload) =>
        containersOf(workload).flatMap((container) => [
          ...(container.readinessProbe === undefined
            ? [`${workload.resource.urn}: container ${container.name} has no readinessProbe`]
            : []),
          ...(container.livenessProbe === undefined
            ? [`${workload.resource.urn}: container ${container.name} has no livenessProbe`]
            : []),
        ]),
      ),

  'pods run restricted and non-root': ({ evaluation }) =>
    workloadsOf(evaluation).flatMap((workload) => {
      const pod = workload.template.spec;
      const urn = workload.resource.urn;
      const problems: string[] = [];
      if (pod?.securityContext?.runAsNonRoot !== true)
        problems.push('pod securityContext.runAsNonRoot is not true');
      if (pod?.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
        problems.push('pod seccompProfile is not RuntimeDefault');
      }
      if ((pod?.securityContext?.runAsUser ?? 0) === 0) problems.push('pod runAsUser is root or unset');
      const tmpVolume = pod?.volumes?.find((volume) => volume.name === 'tmp');
      if (tmpVolume?.emptyDir === undefined) problems.push('pod has no emptyDir volume "tmp"');
      for (const container of containersOf(workload)) {
        const security = container.securityContext;
        const prefix = `container ${container.name}`;
        if (security?.runAsNonRoot !== true) problems.push(`${prefix} runAsNonRoot is not true`);
        if (security?.readOnlyRootFilesystem !== true)
          problems.push(`${prefix} root file system is writable`);
        if (security?.allowPrivilegeEscalation !== false)
          problems.push(`${prefix} allows privilege escalation`);
        if (!(security?.capabilities?.drop ?? []).includes('ALL'))
          problems.push(`${prefix} keeps capabilities`);
        if ((security?.capabilities?.add ?? []).length > 0) problems.push(`${prefix} adds capabilities`);
        if (security?.seccompProfile?.type !== 'RuntimeDefault')
          problems.push(`${prefix} seccomp is not RuntimeDefault`);
        if (
          !(container.volumeMounts ?? []).some((mount) => mount.name === 'tmp' && mount.mountPath === '/tmp')
        ) {
          problems.push(`${prefix} has no /tmp mount`);
        }
      }
      return problems.map((problem) => `${urn}: ${problem}`);
    }),

  'each workload has its own service account': ({ evaluation }) => {
    const accounts = new Map(
      kubernetesObjects(evaluation.resources)
        .filter((resource) => objectOf(resource).kind === 'ServiceAccount')
        .map((resource) => [objectOf(resource).metadata?.name, resource.inputs]),
    );
    const used = new Map<string, string>();
    return workloadsOf(evaluation).flatMap((workload) => {
      const pod = workload.template.spec;
      const urn = workload.resource.urn;
      const name = pod?.serviceAccountName;
      const problems: string[] = [];
      if (name === undefined || !accounts.has(name))
        problems.push(`service account "${name}" is not declared`);
      else if (accounts.get(name)?.automountServiceAccountToken !== false) {
        problems.push(`service account ${name} mounts its token`);
      }
      if (pod?.automountServiceAccountToken !== false) problems.push('pod mounts the service account token');
      if (name !== undefined && used.has(name))
        problems.push(`service account ${name} is shared with ${used.get(name)}`);
      if (name !== undefined) used.set(name, urn);
      return problems.map((problem) => `${urn}: ${problem}`);
    });
  },

  'prod images are pinned': ({ evaluation, environment }) =>
    environment !== 'prod'
      ? []
      : workloadsOf(evaluation).flatMap((workload) =>
          containersOf(workload)
            .filter((container) => {
              const image = parseImageReference(container.image ?? '');
              return image === undefined || !isPinnedImage(image);
            })
            .map(
              (container) =>
                `${workload.resource.urn}: image "${container.image}" is latest or untagged in prod`,
            ),
        ),

  'every pod is selected by network policies': ({ evaluation }) => {
    const policies = kubernetesObjects(evaluation.resources)
      .filter((resource) => objectOf(resource).kind === 'NetworkPolicy')
      .map((resource) => resource.inputs.spec as { podSelector?: LabelSelector; policyTypes?: string[] });
    const denyAll = policies.some(
      (policy) =>
        isEmptySelector(policy.podSelector) &&
        (policy.policyTypes ?? []).includes('Ingress') &&
        (policy.policyTypes ?? []).includes('Egress'),
    );
    return workloadsOf(evaluation).flatMap((workload) => {
      const labels = workload.template.metadata?.labels ?? {};
      const problems: string[] = [];
      if (!denyAll) problems.push('no default-deny NetworkPolicy covers the namespace');
      const ownPolicy = policies.some(
        (policy) => !isEmptySelector(policy.podSelector) && selectorMatches(policy.podSelector, labels),
      );
      if (!ownPolicy) problems.push('no workload NetworkPolicy selects its pods');
      return problems.map((problem) => `${workload.resource.urn}: ${problem}`);
    });
  },

  'replicated prod workloads have disruption budgets': ({ evaluation, environment }) => {
    if (environment !== 'prod') return [];
    const budgets = kubernetesObjects(evaluation.resources)
      .filter((resource) => objectOf(resource).kind === 'PodDisruptionBudget')
      .map((resource) => (resource.inputs.spec as { selector?: LabelSelector }).selector);
    return workloadsOf(evaluation)
      .filter((workload) => workload.kind !== 'Job' && workload.replicas >= 2)
      .filter(
        (workload) =>
          !budgets.some((selector) => selectorMatches(selector, workload.template.metadata?.labels ?? {})),
      )
      .map(
        (workload) => `${workload.resource.urn}: ${workload.replicas} replicas and no PodDisruptionBudget`,
      );
  },

  'secrets stay in secret objects': ({ evaluation, secretValues }) => {
    const problems: string[] = [];
    const known = new Set(secretValues);
    // Every value that arrived marked secret is a secret too, such as generated passwords and keys.
    for (const resource of evaluation.resources) {
      for (const secretPath of resource.secretPaths) {
        const leaves: { path: string; value: string }[] = [];
        stringLeaves(pathValue(resource.inputs, secretPath), '', leaves);
        for (const leaf of leaves) if (leaf.value.length >= 8) known.add(leaf.value);
      }
    }

    for (const resource of kubernetesObjects(evaluation.resources)) {
      const { kind } = objectOf(resource);
      if (kind === 'Secret') {
        for (const field of ['data', 'stringData']) {
          if (resource.inputs[field] !== undefined && !resource.secretPaths.includes(field)) {
            problems.push(`${resource.urn}: ${field} is not marked secret`);
          }
        }
        continue;
      }
      for (const secretPath of resource.secretPaths)
        problems.push(`${resource.urn}: ${secretPath} is marked secret`);
      const leaves: { path: string; value: string }[] = [];
      stringLeaves(resource.inputs, '', leaves);
      for (const leaf of leaves) {
        for (const secret of known) {
          if (leaf.value.includes(secret))
            problems.push(`${resource.urn}: ${leaf.path} contains a secret value`);
        }
      }
    }

    const outputLeaves: { path: string; value: string }[] = [];
    stringLeaves(evaluation.outputs, '', outputLeaves);
    for (const leaf of outputLeaves) {
      for (const secret of known) {
        if (leaf.value.includes(secret)) problems.push(`stack output ${leaf.path}: contains a secret value`);
      }
    }
    for (const name of evaluation.secretOutputs) problems.push(`stack output ${name}: is marked secret`);
    return problems;
  },

  'DATABASE_URL comes from a secret': ({ evaluation }) =>
    workloadsOf(evaluation).flatMap((workload) =>
      containersOf(workload).flatMap((container) =>
        (container.env ?? [])
          .filter((variable) => ['DATABASE_URL', 'DISCORD_TOKEN', 'LEGACY_SOURCE'].includes(variable.name))
          .filter(
            (variable) => variable.value !== undefined || variable.valueFrom?.secretKeyRef === undefined,
          )
          .map((variable) => `${workload.resource.urn}: ${variable.name} is not read from a Secret`),
      ),
    ),

  'services wait for the schema migration': ({ evaluation }) => {
    const migrationJobs = evaluation.resources
      .filter((resource) => resource.type === 'kubernetes:batch/v1:Job')
      .filter(
        (resource) => objectOf(resource).metadata?.labels?.['app.kubernetes.io/name'] === 'schema-migration',
      );
    if (migrationJobs.length !== 1)
      return [`stack: expected 1 schema migration Job, found ${migrationJobs.length}`];
    const jobUrn = migrationJobs[0]!.urn;
    return workloadsOf(evaluation)
      .filter((workload) =>
        workload.template.spec?.containers?.some(
          (container) => container.command?.[0] === 'node_modules/.bin/tsx',
        ),
      )
      .filter((workload) => workload.resource.urn !== jobUrn)
      .filter((workload) => !workload.resource.dependencies.includes(jobUrn))
      .map((workload) => `${workload.resource.urn}: does not depend on ${jobUrn}`);
  },

  'kubernetes objects use the stack provider': ({ evaluation }) => {
    const providers = evaluation.resources.filter(
      (resource) => resource.type === 'pulumi:providers:kubernetes',
    );
    if (providers.length !== 1) return [`stack: expected 1 Kubernetes provider, found ${providers.length}`];
    const providerUrn = providers[0]!.urn;
    return kubernetesObjects(evaluation.resources)
      .filter((resource) => !(resource.provider ?? '').startsWith(`${providerUrn}::`))
      .map((resource) => `${resource.urn}: uses provider "${resource.provider}" instead of ${providerUrn}`);
  },
};

function pathValue(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const part of path
    .split(/\.|\[(\d+)\]/)
    .filter((segment) => segment !== undefined && segment !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Register one test per policy over the evaluation that `context` returns. */
export function describePolicies(context: () => PolicyContext): void {
  for (const [name, policy] of Object.entries(Policies)) {
    it(`policy: ${name}`, () => {
      const violations = policy(context());
      expect(violations, violations.join('\n')).toEqual([]);
    });
  }
}
