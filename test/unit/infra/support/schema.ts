import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { expect, it } from 'vitest';

import { kubernetesObjects, type Evaluation } from '../../../../infra/testing/mock-engine';

/** A kubernetes-models class: construct it from an object, then `validate()` throws on schema errors. */
type ModelClass = new (data: never) => { validate(): void };

/** Model classes by `apiVersion/kind`. Add the class when the program declares a new kind. */
const Models: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Validate every declared Kubernetes object against its schema and return the failures as "<urn>: <error>". */
export function schemaViolations(evaluation: Evaluation): string[] {
  return kubernetesObjects(evaluation.resources).flatMap((resource) => {
    const { apiVersion, kind } = resource.inputs as { apiVersion?: string; kind?: string };
    const Model = Models[`${apiVersion}/${kind}`];
    if (Model === undefined) return [`${resource.urn}: no schema model for ${apiVersion}/${kind}`];
    try {
      new Model(resource.inputs as never).validate();
      return [];
    } catch (error) {
      return [`${resource.urn}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}

/** Register a test that validates every object of the evaluation that `context` returns. */
export function describeSchemaValidation(evaluation: () => Evaluation): void {
  it('objects match the Kubernetes schema', () => {
    const violations = schemaViolations(evaluation());
    expect(violations, violations.join('\n')).toEqual([]);
  });
}
