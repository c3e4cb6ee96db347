import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { imageVersionLabel, type ImageReference } from './image';
import { addressPeers, tcpPorts } from './network';
import { jobNameSuffix } from './schema-migration';
import { serviceContainer, serviceJobSpec } from './service-pod';
import type { ContainerResources } from './sizing';
import {
  databaseUrlEnv,
  declareNetworkPolicy,
  declareServiceAccount,
  secretEnv,
  workloadMetadata,
  type StackContext,
  type DatabaseClientArgs,
} from './workload';

/** Arguments of {@link LegacyMigration}. */
export interface LegacyMigrationArgs extends DatabaseClientArgs {
  context: StackContext;
  /** The service image, which contains the migration command. */
  image: ImageReference;
  resources: ContainerResources;
  /** MongoDB connection string of the legacy marketplace (secret). */
  mongoUri: pulumi.Input<string>;
  /** CIDR of the MongoDB servers, reached on port 27017. */
  mongoCidr: string;
  /** Pass `--dry-run`: read and check everything, write nothing. */
  dryRun: boolean;
  /** Pass `--batch-size N`, or undefined for the command's default. */
  batchSize: number | undefined;
}

/** Container command of the legacy migration. */
export const LegacyMigrationCommand = ['node_modules/.bin/tsx', 'scripts/migrate-legacy.ts'];

/** MongoDB port. */
const MongoPort = 27017;

/**
 * A one-off Job that copies the legacy MongoDB marketplace into PostgreSQL. The migration command reads the
 * source URI from LEGACY_SOURCE, which comes from a Secret, so the URI never appears in the pod spec. The
 * Job name derives from the image and the arguments, so changing either runs the migration again.
 */
export class LegacyMigration extends pulumi.ComponentResource {
  /** Name of the Job object. */
  readonly jobName: pulumi.Output<string>;

  constructor(name: string, args: LegacyMigrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:migration:LegacyMigration', name, {}, opts);

    const { context } = args;
    const { selector, labels, metadata } = workloadMetadata(
      name,
      context,
      'legacy-migration',
      'migration',
      imageVersionLabel(args.image),
    );

    const sourceSecret = new k8s.core.v1.Secret(
      `${name}-source`,
      {
        metadata: { ...metadata, name: `${name}-source` },
        type: 'Opaque',
        stringData: pulumi.secret({ LEGACY_SOURCE: args.mongoUri }),
      },
      { parent: this },
    );

    const serviceAccount = declareServiceAccount(name, metadata, this);

    const commandArgs = [
      ...(args.dryRun ? ['--dry-run'] : []),
      ...(args.batchSize === undefined ? [] : ['--batch-size', String(args.batchSize)]),
    ];

    const job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: {
          ...metadata,
          name: `${name}-${jobNameSuffix(args.image.ref, ...LegacyMigrationCommand, ...commandArgs)}`,
        },
        spec: serviceJobSpec({
          // No automatic retry: a failed run needs a look at its log before it runs again.
          backoffLimit: 0,
          labels,
          serviceAccountName: serviceAccount.metadata.name,
          container: serviceContainer({
            name: 'legacy-migration',
            image: args.image,
            command: LegacyMigrationCommand,
            args: commandArgs,
            env: [
              secretEnv('LEGACY_SOURCE', sourceSecret.metadata.name, 'LEGACY_SOURCE'),
              databaseUrlEnv(args.databaseUrl),
            ],
            resources: args.resources,
          }),
        }),
      },
      // Children do not inherit the component's dependsOn, so the Job gets it directly.
      // NOTE: 60 minutes is an estimate for a large marketplace. `pulumi up` fails when the Job runs longer,
      // while the Job itself keeps running; raise the timeout here for bigger data sets.
      {
        parent: this,
        dependsOn: opts?.dependsOn,
        deleteBeforeReplace: true,
        customTimeouts: { create: '60m', update: '60m' },
      },
    );
    this.jobName = job.metadata.name;

    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        ingress: [],
        egress: [args.databaseEgress, { to: addressPeers(args.mongoCidr), ports: tcpPorts(MongoPort) }],
      },
      this,
    );

    this.registerOutputs({ jobName: this.jobName });
  }
}
