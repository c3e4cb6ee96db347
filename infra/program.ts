import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

import { DiscordBot } from './bot';
import type { StackConfig } from './config';
import { IpcBroker } from './ipc-broker';
import { LegacyMigration } from './legacy-migration';
import { StackNamespace } from './namespace';
import { PostgresDatabase } from './postgres';
import { SchemaMigration } from './schema-migration';
import { ResourceProfiles } from './sizing';
import { WebBackend } from './web';
import type { AppName, StackContext } from './workload';

/** The stack outputs. */
export interface StackOutputs {
  /** Public URL of the web backend. */
  webUrl: pulumi.Output<string>;
  /** Namespace of every object. */
  namespace: pulumi.Output<string>;
  /** Host name of PostgreSQL as the services reach it. */
  postgresHost: pulumi.Output<string>;
}

/** Workloads that connect to PostgreSQL. */
const DatabaseClients: readonly AppName[] = ['web', 'bot', 'schema-migration', 'legacy-migration'];

/**
 * Declare the whole stack for one validated configuration: provider, namespace, database, schema migration,
 * broker, bot, web backend and the optional legacy migration.
 */
export function defineStack(config: StackConfig): StackOutputs {
  const provider = new k8s.Provider('kubernetes', {
    ...(config.kubeContext === undefined ? {} : { context: config.kubeContext }),
    namespace: config.namespace,
  });
  const componentOptions = { providers: [provider] };
  const resources = ResourceProfiles[config.environment];

  const namespace = new StackNamespace(
    'namespace',
    { namespace: config.namespace, instance: config.namespace },
    componentOptions,
  );
  const context: StackContext = {
    namespace: namespace.namespaceName,
    instance: config.namespace,
    environment: config.environment,
  };

  const postgres = new PostgresDatabase(
    'postgres',
    { context, settings: config.postgres, resources: resources.postgres, clientApps: DatabaseClients },
    componentOptions,
  );
  const database = { databaseUrl: postgres.databaseUrl, databaseEgress: postgres.clientEgressRule };

  // The Job waits for the database, and every service waits for the Job, so no pod of a new image runs
  // against an old schema.
  const schemaMigration = new SchemaMigration(
    'schema-migration',
    { context, image: config.image, resources: resources.schemaMigration, ...database },
    { ...componentOptions, dependsOn: [postgres] },
  );
  const afterSchemaMigration = { ...componentOptions, dependsOn: [schemaMigration] };

  const broker = new IpcBroker(
    'ipc-broker',
    { context, image: config.image, resources: resources.broker, clientApps: ['web'], workerApps: ['bot'] },
    afterSchemaMigration,
  );

  new DiscordBot(
    'bot',
    {
      context,
      image: config.image,
      resources: resources.bot,
      applicationId: config.discord.applicationId,
      token: config.discord.token,
      shardCount: config.bot.shardCount,
      shardsPerPod: config.bot.shardsPerPod,
      ...database,
      broker: {
        workersEndpoint: broker.endpoints.workers,
        eventsInEndpoint: broker.endpoints.eventsIn,
        clientKeysSecretName: broker.clientKeysSecretName,
      },
    },
    afterSchemaMigration,
  );

  const web = new WebBackend(
    'web',
    {
      context,
      image: config.image,
      resources: resources.web,
      replicas: config.web.replicas,
      maxReplicas: config.web.maxReplicas,
      targetCpuUtilization: config.web.targetCpuUtilization,
      corsOrigins: config.web.corsOrigins,
      exposure: config.web.exposure,
      ...database,
      broker: {
        clientsEndpoint: broker.endpoints.clients,
        eventsOutEndpoint: broker.endpoints.eventsOut,
        clientKeysSecretName: broker.clientKeysSecretName,
      },
    },
    afterSchemaMigration,
  );

  const legacy = config.legacyMigration;
  if (legacy.enabled) {
    new LegacyMigration(
      'legacy-migration',
      {
        context,
        image: config.image,
        resources: resources.legacyMigration,
        mongoUri: legacy.mongoUri,
        mongoCidr: legacy.mongoCidr,
        dryRun: legacy.dryRun,
        batchSize: legacy.batchSize,
        ...database,
      },
      afterSchemaMigration,
    );
  }

  return { webUrl: web.url, namespace: namespace.namespaceName, postgresHost: postgres.host };
}
