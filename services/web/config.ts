import { z } from 'zod';

import { KumikoEnvSchema } from '../config/environment';
import { loadEnv } from '../config/load-env';
import { IpcClientCurveEnvShape, resolveClientCurve } from '../ipc/config';
import type { CurveClientKeys } from '../ipc/curve';

const WebEnvSchema = z.object({
  KUMIKO_ENV: KumikoEnvSchema,
  PORT: z.coerce.number().int().min(0).max(65_535).default(3_000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  IPC_CLIENT_ENDPOINT: z.string().default('tcp://127.0.0.1:5555'),
  IPC_EVENTS_ENDPOINT: z.string().default('tcp://127.0.0.1:5558'),
  CORS_ORIGINS: z.string().optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  LISTINGS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.string().default('info'),
  ...IpcClientCurveEnvShape,
});

/** Settings of the web backend. */
export interface WebConfig {
  kumikoEnv: string;
  port: number;
  host: string;
  /** PostgreSQL URL; undefined means the embedded server. */
  databaseUrl: string | undefined;
  ipcClientEndpoint: string;
  ipcEventsEndpoint: string;
  curve: CurveClientKeys | undefined;
  /** Origins allowed by CORS; empty means no cross-origin access. */
  corsOrigins: string[];
  /** Requests per minute per client address. */
  rateLimitMax: number;
  /** How long a listings page stays cached in this process, in ms; 0 turns the cache off. */
  listingsCacheTtlMs: number;
  /** Whether to read the client address from X-Forwarded-For, behind the load balancer. */
  trustProxy: boolean;
  logLevel: string;
  /** Interval of SSE keep-alive comments. */
  sseKeepAliveMs: number;
  /** Most open SSE connections per process. */
  sseMaxConnections: number;
  /** Budget of an IPC request made for one HTTP request. */
  ipcDeadlineMs: number;
}

export const DefaultWebTuning = {
  sseKeepAliveMs: 15_000,
  sseMaxConnections: 1_000,
  ipcDeadlineMs: 2_000,
} as const satisfies Pick<WebConfig, 'sseKeepAliveMs' | 'sseMaxConnections' | 'ipcDeadlineMs'>;

/**
 * Read the web backend's settings from the environment.
 *
 * @throws ConfigError `KUMIKO_CONFIG_INVALID` listing every bad variable; IpcError
 *   `KUMIKO_IPC_CURVE_REQUIRED` in prod without CURVE keys.
 */
export function loadWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const values = loadEnv(WebEnvSchema, env);
  return Object.freeze({
    kumikoEnv: values.KUMIKO_ENV,
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    ipcClientEndpoint: values.IPC_CLIENT_ENDPOINT,
    ipcEventsEndpoint: values.IPC_EVENTS_ENDPOINT,
    curve: resolveClientCurve(values, values.KUMIKO_ENV),
    corsOrigins: (values.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    rateLimitMax: values.RATE_LIMIT_MAX,
    listingsCacheTtlMs: values.LISTINGS_CACHE_TTL_MS,
    trustProxy: values.TRUST_PROXY === 'true',
    logLevel: values.LOG_LEVEL,
    ...DefaultWebTuning,
  });
}
