import type * as k8s from '@pulumi/kubernetes';

export type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
export type NetworkPolicyPort = k8s.types.input.networking.v1.NetworkPolicyPort;
export type NetworkPolicyEgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;
export type NetworkPolicyIngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;

/** TCP ports in the shape of a NetworkPolicy rule's `ports` field. */
export function tcpPorts(...ports: number[]): NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port }));
}

/** Return a peer that matches the pods with these labels in the policy's own namespace. */
export function podPeer(labels: Record<string, string>): NetworkPolicyPeer {
  return { podSelector: { matchLabels: labels } };
}

/** Return a peer that matches every pod in the named namespace. */
export function namespacePeer(namespace: string): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
}

/** Peers for an IPv4 or IPv6 address range. `0.0.0.0/0` also adds `::/0`, so "anywhere" covers both families. */
export function addressPeers(cidr: string): NetworkPolicyPeer[] {
  if (cidr === '0.0.0.0/0') return [{ ipBlock: { cidr } }, { ipBlock: { cidr: '::/0' } }];
  return [{ ipBlock: { cidr } }];
}

/** Peers for any address, IPv4 and IPv6. */
export const AnyAddress: NetworkPolicyPeer[] = addressPeers('0.0.0.0/0');
