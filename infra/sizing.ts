import type { Environment } from './config';

/** CPU and memory requests and limits of one container, in Kubernetes quantity syntax. */
export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** Container sizes of every workload in one environment. */
export interface ResourceProfile {
  web: ContainerResources;
  bot: ContainerResources;
  broker: ContainerResources;
  postgres: ContainerResources;
  schemaMigration: ContainerResources;
  legacyMigration: ContainerResources;
}

function size(requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string) {
  return {
    requests: { cpu: requestCpu, memory: requestMemory },
    limits: { cpu: limitCpu, memory: limitMemory },
  };
}

/**
 * Sizes per environment. NOTE: these are estimates for Node.js services started through tsx, not measured
 * under load. Adjust them after watching `kubectl top pods` in each environment.
 */
export const ResourceProfiles: Record<Environment, ResourceProfile> = {
  dev: {
    web: size('100m', '192Mi', '500m', '384Mi'),
    bot: size('100m', '192Mi', '500m', '384Mi'),
    broker: size('50m', '96Mi', '250m', '192Mi'),
    postgres: size('100m', '256Mi', '500m', '512Mi'),
    schemaMigration: size('50m', '128Mi', '500m', '256Mi'),
    legacyMigration: size('100m', '256Mi', '1', '512Mi'),
  },
  prod: {
    web: size('250m', '256Mi', '1', '512Mi'),
    bot: size('250m', '384Mi', '1', '768Mi'),
    broker: size('100m', '128Mi', '500m', '256Mi'),
    postgres: size('500m', '1Gi', '2', '2Gi'),
    schemaMigration: size('100m', '192Mi', '500m', '384Mi'),
    legacyMigration: size('500m', '512Mi', '2', '1536Mi'),
  },
};
