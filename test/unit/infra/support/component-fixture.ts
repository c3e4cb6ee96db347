import * as k8s from '@pulumi/kubernetes';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

import { parseImageReference, type ImageReference } from '../../../../infra/image';
import { ResourceProfiles } from '../../../../infra/sizing';
import { MockEngine, type DeclaredResource, type Evaluation } from '../../../../infra/testing/mock-engine';
import type { StackContext } from '../../../../infra/workload';

export const TestContext: StackContext = {
  namespace: 'kumiko-test',
  instance: 'kumiko-test',
  environment: 'prod',
};
export const TestImage: ImageReference = parseImageReference('registry.example.com/kumiko:1.2.3')!;
export const TestResources = ResourceProfiles.prod;
export const TestDatabaseUrl = { name: 'postgres-credentials', key: 'DATABASE_URL' };
export const TestDatabaseEgress = {
  to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgresql' } } }],
  ports: [{ protocol: 'TCP', port: 5432 }],
};

/**
 * Evaluate components under fresh mocks. `declare` receives a provider to pass to the components and
 * returns the values to resolve as outputs.
 */
export async function evaluateComponents(
  declare: (options: { providers: k8s.Provider[] }) => Record<string, unknown>,
): Promise<Evaluation> {
  const engine = new MockEngine();
  await engine.install('kumiko', 'test');
  return engine.evaluate(() => {
    const provider = new k8s.Provider('kubernetes', { namespace: TestContext.namespace as string });
    return declare({ providers: [provider] });
  });
}

export function findResource(evaluation: Evaluation, name: string): DeclaredResource {
  const resource = evaluation.resources.find((candidate) => candidate.name === name);
  if (resource === undefined) {
    throw new Error(
      `No resource named ${name}; declared: ${evaluation.resources.map((r) => r.name).join(', ')}`,
    );
  }
  return resource;
}

export function podSpec(resource: DeclaredResource): IPodSpec {
  return (resource.inputs.spec as { template: { spec: IPodSpec } }).template.spec;
}

export function firstContainer(resource: DeclaredResource): IContainer {
  return podSpec(resource).containers[0]!;
}

/** Kinds of the Kubernetes objects declared, sorted. */
export function declaredKinds(evaluation: Evaluation): string[] {
  return evaluation.resources
    .filter((resource) => resource.type.startsWith('kubernetes:'))
    .map(
      (resource) =>
        `${(resource.inputs as { kind: string }).kind}/${(resource.inputs as { metadata: { name: string } }).metadata.name}`,
    )
    .sort();
}
