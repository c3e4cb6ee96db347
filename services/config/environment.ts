import { z } from 'zod';

/** Deployment environments. The Kubernetes program sets `dev` or `prod`; local runs and tests use the others. */
export const KumikoEnvironments = ['local', 'test', 'dev', 'staging', 'prod'] as const;

export type KumikoEnvironment = (typeof KumikoEnvironments)[number];

/**
 * Schema of `KUMIKO_ENV`. A closed list, because the environment decides whether the broker binds beyond
 * loopback and whether encryption is required, so a typo must fail rather than pass as some other environment.
 */
export const KumikoEnvSchema = z.enum(KumikoEnvironments).default('local');
