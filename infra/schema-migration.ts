import { createHash } from 'node:crypto';

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { imageVersionLabel, type ImageReference } from './image';
import { serviceContainer, serviceJobSpec } from './service-pod';
import type { ContainerResources } from './sizing';
import {
  databaseUrlEnv,
  declareNetworkPolicy,
  declareServiceAccount,
  workloadMetadata,
  type StackContext,
  type DatabaseClientArgs,
} from './workload';

/** Arguments of {@link SchemaMigration}. */
export interface SchemaMigrationArgs extends DatabaseClientArgs {
  context: StackContext;
  /** The service image, which contains the migrations. */
  image: ImageReference;
  resources: ContainerResources;
}

/** Container command that applies every pending schema migration. */
export const SchemaMigrationCommand = ['node_modules/.bin/tsx', 'scripts/db-migrate.ts', 'up'];

/**
 * Return a short, stable suffix for a Job name: the first 10 hex digits of the SHA-256 of the given parts.
 * A Job's pod template cannot change, so a new image gets a new Job (and a new run) under a new name.
 */
export function jobNameSuffix(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 10);
}

/**
 * A Job that applies the schema migrations with the service image. Its name derives from the image, so
 * every new image runs it once. The Pulumi Kubernetes provider waits for the Job to complete (10 minutes by
 * default), so services that depend on this component start only after the schema is current.
 */
export class SchemaMigration extends pulumi.ComponentResource {
  /** Name of the Job object. */
  readonly jobName: pulumi.Output<string>;

  constructor(name: string, args: SchemaMigrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kumiko:migration:SchemaMigration', name, {}, opts);

    const { context } = args;
    const { selector, labels, metadata } = workloadMetadata(
      name,
      context,
      'schema-migration',
      'migration',
      imageVersionLabel(args.image),
    );

    const serviceAccount = declareServiceAccount(name, metadata, this);

    const job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: {
          ...metadata,
          name: `${name}-${jobNameSuffix(args.image.ref, ...SchemaMigrationCommand)}`,
        },
        spec: serviceJobSpec({
          // node-pg-migrate runs each migration in a transaction, so a retry starts from a consistent state.
          backoffLimit: 2,
          activeDeadlineSeconds: 600,
          labels,
          serviceAccountName: serviceAccount.metadata.name,
          container: serviceContainer({
            name: 'schema-migration',
            image: args.image,
            command: SchemaMigrationCommand,
            env: [databaseUrlEnv(args.databaseUrl)],
            resources: args.resources,
          }),
        }),
      },
      // Children do not inherit the component's dependsOn, so the Job gets it directly. A spec change under
      // the same name (same image) cannot update a Job in place, so it is deleted and created again.
      { parent: this, dependsOn: opts?.dependsOn, deleteBeforeReplace: true },
    );
    this.jobName = job.metadata.name;

    declareNetworkPolicy(
      name,
      { selector, metadata },
      {
        ingress: [],
        egress: [args.databaseEgress],
      },
      this,
    );

    this.registerOutputs({ jobName: this.jobName });
  }
}
