import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

import type { PostgresSettings } from './config';
import { imageVersionLabel, parseImageReference } from './image';
import { addressPeers, podPeer, tcpPorts, type NetworkPolicyEgressRule } from './network';
import type { ContainerResources } from './sizing';
import {
  containerResources,
  declareNetworkPolicy,
  declareServiceAccount,
  plainEnv,
  recommendedLabels,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  secretEnv,
  selectorLabels,
  TmpVolume,
  TmpVolumeMount,
  workloadMetadata,
  type AppName,
  type SecretKeyReference,
  type StackContext,
} from './workload';

/** Arguments of {@link PostgresDatabase}. */
export interface PostgresDatabaseArgs {
  context: StackContext;
  /** In-cluster StatefulSet or external managed database. */
  settings: PostgresSettings;
  /** Container size of the in-cluster server. Unused for an external database. */
  resources: ContainerResources;
  /** Workloads whose pods may connect on port 5432 (in-cluster server only). */
  clientApps: readonly AppName[];
}

/** PostgreSQL port. */
export const PostgresPort = 5432;

/** Database and role that the services use on the in-cluster server. */
const DatabaseName = 'kumiko';

/** User and group of the Debian-based `postgres` image. Alpine-based images use 70 instead. */
const PostgresUserId = 999;

/** Key of the connection string in the credentials Secret. */
const DatabaseUrlKey = 'DATABASE_URL';

/**
 * The stack's PostgreSQL database. In-cluster, it is a one-replica StatefulSet with a PersistentVolumeClaim
 * template, a headless Service, a generated password and a PodDisruptionBudget. With an external (managed)
 * database, it declares only the Secret that carries the configured connection string.
 */
export class PostgresDatabase extends pulumi.ComponentResource {
  /** Secret key that contains `DATABASE_URL` for the services. */
  readonly databaseUrl: SecretKeyReference;
  /** Host name of the server as the services reach it. */
  readonly host: pulumi.Output<string>;
  /** Egress rule that lets a client pod reach the server. */
  readonly clientEgressRule: NetworkPolicyEgressRule;

  constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:postgres:PostgresDatabase', name, {}, opts);

    const { context, settings } = args;
    if (settings.kind === 'external') {
      const secret = this.declareCredentials(name, context, { [DatabaseUrlKey]: settings.url }, undefined);
      this.databaseUrl = { name: secret.metadata.name, key: DatabaseUrlKey };
      // The host name is not a credential, so it leaves the secret connection string as a plain output.
      this.host = pulumi.unsecret(settings.url.apply((url) => new URL(url).hostname));
      this.clientEgressRule = { to: addressPeers(settings.egressCidr), ports: tcpPorts(PostgresPort) };
      this.registerOutputs({ databaseUrl: this.databaseUrl, host: this.host });
      return;
    }

    const postgresImage = parseImageReference(settings.image);
    const version = postgresImage === undefined ? undefined : imageVersionLabel(postgresImage);
    const { selector, labels, metadata } = workloadMetadata(name, context, 'postgresql', 'database', version);

    // Letters and digits only, so the password needs no escaping inside the connection URL.
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent: this },
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata,
        spec: {
          clusterIP: 'None',
          selector,
          ports: [{ name: 'postgres', port: PostgresPort, targetPort: 'postgres' }],
        },
      },
      { parent: this },
    );
    this.host = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc`;

    const databaseUrl = pulumi.interpolate`postgres://${DatabaseName}:${password.result}@${this.host}:${PostgresPort}/${DatabaseName}`;
    const secret = this.declareCredentials(
      name,
      context,
      { POSTGRES_PASSWORD: password.result, [DatabaseUrlKey]: databaseUrl },
      labels,
    );
    this.databaseUrl = { name: secret.metadata.name, key: DatabaseUrlKey };

    const serviceAccount = declareServiceAccount(name, metadata, this);

    const readyCommand = [
      'pg_isready',
      '-h',
      '127.0.0.1',
      '-p',
      String(PostgresPort),
      '-U',
      DatabaseName,
      '-d',
      DatabaseName,
    ];
    new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata,
        spec: {
          serviceName: service.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurityContext(PostgresUserId, PostgresUserId),
              terminationGracePeriodSeconds: 60,
              containers: [
                {
                  name: 'postgres',
                  image: settings.image,
                  imagePullPolicy: 'IfNotPresent',
                  ports: [{ name: 'postgres', containerPort: PostgresPort }],
                  env: [
                    plainEnv('POSTGRES_USER', DatabaseName),
                    plainEnv('POSTGRES_DB', DatabaseName),
                    secretEnv('POSTGRES_PASSWORD', secret.metadata.name, 'POSTGRES_PASSWORD'),
                    // A subdirectory, because initdb needs an empty directory and a volume root may hold lost+found.
                    plainEnv('PGDATA', '/var/lib/postgresql/data/pgdata'),
                  ],
                  resources: containerResources(args.resources),
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [
                    { name: 'data', mountPath: '/var/lib/postgresql/data' },
                    { name: 'run', mountPath: '/var/run/postgresql' },
                    TmpVolumeMount,
                  ],
                  // initdb and crash recovery may take minutes before the server accepts connections.
                  startupProbe: { exec: { command: readyCommand }, periodSeconds: 5, failureThreshold: 60 },
                  readinessProbe: { exec: { command: readyCommand }, periodSeconds: 5, failureThreshold: 3 },
                  livenessProbe: {
                    exec: { command: readyCommand },
                    periodSeconds: 10,
                    failureThreshold: 6,
                    timeoutSeconds: 5,
                  },
                },
              ],
              volumes: [{ name: 'run', emptyDir: {} }, TmpVolume],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data', labels },
              spec: {
                accessModes: ['ReadWriteOnce'],
                ...(settings.storageClassName === undefined
                  ? {}
                  : { storageClassName: settings.storageClassName }),
                resources: { requests: { storage: settings.storageSize } },
              },
            },
          ],
        },
      },
      { parent: this },
    );

    // One replica and no failover: the budget blocks voluntary evictions such as node drains, so moving the
    // database is always a deliberate step (delete the pod by hand in a maintenance window).
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata, spec: { minAvailable: 1, selector: { matchLabels: selector } } },
      { parent: this },
    );

    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        // An empty `from` list would admit every source, so no clients means no ingress rule at all.
        ingress:
          args.clientApps.length === 0
            ? []
            : [
                {
                  from: args.clientApps.map((app) => podPeer(selectorLabels(app, context.instance))),
                  ports: tcpPorts(PostgresPort),
                },
              ],
        egress: [],
      },
      this,
    );

    this.clientEgressRule = { to: [podPeer(selector)], ports: tcpPorts(PostgresPort) };
    this.registerOutputs({ databaseUrl: this.databaseUrl, host: this.host });
  }

  private declareCredentials(
    name: string,
    context: StackContext,
    stringData: Record<string, pulumi.Input<string>>,
    labels: Record<string, string> | undefined,
  ): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: {
          name: `${name}-credentials`,
          namespace: context.namespace,
          labels: labels ?? recommendedLabels('postgresql', context.instance, 'database', undefined),
        },
        type: 'Opaque',
        // The Secret resource marks its data secret too. Wrapping here keeps the values secret in any
        // intermediate Output as well.
        stringData: pulumi.secret(stringData),
      },
      { parent: this },
    );
  }
}
