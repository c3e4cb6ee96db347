import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { namespacePeer } from './network';

/** Arguments of {@link StackNamespace}. */
export interface StackNamespaceArgs {
  /** Namespace name. */
  namespace: string;
  /** Value of the `app.kubernetes.io/instance` label. */
  instance: string;
}

/**
 * The stack's Namespace, enforcing the `restricted` Pod Security Standard, with a NetworkPolicy that denies
 * all traffic to and from its pods and one that allows DNS lookups. Each workload adds its own allow rules,
 * because NetworkPolicies add up.
 */
export class StackNamespace extends pulumi.ComponentResource {
  /** Namespace name, known once the Namespace exists, so objects that use it wait for it. */
  readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: StackNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:namespace:StackNamespace', name, {}, opts);

    const labels = {
      'app.kubernetes.io/name': 'kumiko',
      'app.kubernetes.io/instance': args.instance,
      'app.kubernetes.io/part-of': 'kumiko',
      'app.kubernetes.io/managed-by': 'pulumi',
    };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: args.namespace,
          labels: {
            ...labels,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
          },
        },
      },
      { parent: this },
    );
    this.namespaceName = namespace.metadata.name;

    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      {
        metadata: { name: 'default-deny', namespace: this.namespaceName, labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      { parent: this },
    );

    new k8s.networking.v1.NetworkPolicy(
      `${name}-allow-dns`,
      {
        metadata: { name: 'allow-dns', namespace: this.namespaceName, labels },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [namespacePeer('kube-system')],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        },
      },
      { parent: this },
    );

    this.registerOutputs({ namespaceName: this.namespaceName });
  }
}
