import { beforeAll, describe, expect, it } from 'vitest';

import { StackNamespace } from '../../../infra/namespace';
import type { Evaluation } from '../../../infra/testing/mock-engine';
import { declaredKinds, evaluateComponents, findResource } from './support/component-fixture';

describe('StackNamespace', () => {
  let evaluation: Evaluation;

  beforeAll(async () => {
    evaluation = await evaluateComponents((options) => {
      const namespace = new StackNamespace(
        'namespace',
        { namespace: 'kumiko-test', instance: 'kumiko-test' },
        options,
      );
      return { name: namespace.namespaceName };
    });
  });

  it('declares namespace and two policies', () => {
    expect(declaredKinds(evaluation)).toEqual([
      'Namespace/kumiko-test',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/default-deny',
    ]);
    expect(evaluation.outputs.name).toBe('kumiko-test');
  });

  it('enforces the restricted pod standard', () => {
    const labels = (findResource(evaluation, 'namespace-namespace').inputs.metadata as { labels: object })
      .labels;
    expect(labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  it('denies all traffic by default', () => {
    const policy = findResource(evaluation, 'namespace-default-deny');
    expect(policy.inputs.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect((policy.inputs.metadata as { namespace: string }).namespace).toBe('kumiko-test');
  });

  it('allows DNS to kube-system only', () => {
    const policy = findResource(evaluation, 'namespace-allow-dns');
    expect(policy.inputs.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
  });

  it('uses the given provider', () => {
    const provider = findResource(evaluation, 'kubernetes');
    expect(findResource(evaluation, 'namespace-namespace').provider).toBe(`${provider.urn}::kubernetes-id`);
  });
});
