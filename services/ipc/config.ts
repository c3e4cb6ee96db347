import { z } from 'zod';

import { KumikoEnvSchema } from '../config/environment';
import { loadEnv } from '../config/load-env';
import { validateZ85Key, type CurveClientKeys, type CurveServerKeys } from './curve';
import { IpcError, IpcErrorCodes } from './errors';

/** Default ports of the broker: clients, workers, event publishers in, event subscribers out. */
export const DefaultIpcPorts = {
  client: 5_555,
  worker: 5_556,
  eventsIn: 5_557,
  eventsOut: 5_558,
} as const;

/** The deployment environment in which CURVE is mandatory. */
export const ProductionEnv = 'prod';

/** Environments on a developer's machine, where the broker listens on 127.0.0.1 only. */
export const LocalEnvs: ReadonlySet<string> = new Set(['local', 'test']);

const Z85Key = z.string().length(40, 'expected a 40-character Z85 CURVE key (npm run ipc:keys)');
const Endpoint = z.string().regex(/^(tcp|ipc|inproc):\/\/\S+$/, 'expected a ZeroMQ endpoint such as tcp://…');

/** Environment variables of the broker entry point. */
export const BrokerEnvSchema = z.object({
  KUMIKO_ENV: KumikoEnvSchema,
  IPC_CLIENT_BIND: Endpoint.optional(),
  IPC_WORKER_BIND: Endpoint.optional(),
  IPC_EVENTS_IN_BIND: Endpoint.optional(),
  IPC_EVENTS_OUT_BIND: Endpoint.optional(),
  IPC_CURVE_SERVER_SECRET_KEY: Z85Key.optional(),
  IPC_CURVE_SERVER_PUBLIC_KEY: Z85Key.optional(),
  HEALTH_PORT: z.coerce.number().int().min(1).max(65_535).default(8_080),
});

/** Environment variables that every client or worker of the broker reads for CURVE. */
export const IpcClientCurveEnvShape = {
  IPC_CURVE_SERVER_PUBLIC_KEY: Z85Key.optional(),
  IPC_CURVE_CLIENT_PUBLIC_KEY: Z85Key.optional(),
  IPC_CURVE_CLIENT_SECRET_KEY: Z85Key.optional(),
} as const;

/** Parsed configuration of the broker process. */
export interface BrokerConfig {
  kumikoEnv: string;
  clientBind: string;
  workerBind: string;
  eventsInBind: string;
  eventsOutBind: string;
  curve: CurveServerKeys | undefined;
  healthPort: number;
  /** Address of the health server: all interfaces when deployed, for the kubelet's probes. */
  healthHost: string;
}

/**
 * Read the broker's configuration from the environment. Binds and the health server default to 127.0.0.1 when
 * KUMIKO_ENV is `local` (the default) or `test`, and to all interfaces in prod and any other deployed
 * environment, where other pods connect.
 *
 * @throws ConfigError `KUMIKO_CONFIG_INVALID` for malformed variables.
 * @throws IpcError `KUMIKO_IPC_CURVE_REQUIRED` in prod without server keys, `KUMIKO_IPC_INVALID_CURVE_KEY` for
 *   a half-configured or malformed pair.
 */
export function loadBrokerConfig(env: NodeJS.ProcessEnv): BrokerConfig {
  const values = loadEnv(BrokerEnvSchema, env);
  const host = LocalEnvs.has(values.KUMIKO_ENV) ? '127.0.0.1' : '0.0.0.0';

  const curve = resolveServerCurve(
    values.IPC_CURVE_SERVER_PUBLIC_KEY,
    values.IPC_CURVE_SERVER_SECRET_KEY,
    values.KUMIKO_ENV,
  );
  return Object.freeze({
    kumikoEnv: values.KUMIKO_ENV,
    clientBind: values.IPC_CLIENT_BIND ?? `tcp://${host}:${DefaultIpcPorts.client}`,
    workerBind: values.IPC_WORKER_BIND ?? `tcp://${host}:${DefaultIpcPorts.worker}`,
    eventsInBind: values.IPC_EVENTS_IN_BIND ?? `tcp://${host}:${DefaultIpcPorts.eventsIn}`,
    eventsOutBind: values.IPC_EVENTS_OUT_BIND ?? `tcp://${host}:${DefaultIpcPorts.eventsOut}`,
    curve,
    healthPort: values.HEALTH_PORT,
    healthHost: host,
  });
}

/**
 * Build the broker's CURVE keys from both halves of its pair, or undefined when neither is set outside prod.
 *
 * @throws IpcError `KUMIKO_IPC_CURVE_REQUIRED` or `KUMIKO_IPC_INVALID_CURVE_KEY`.
 */
export function resolveServerCurve(
  publicKey: string | undefined,
  secretKey: string | undefined,
  kumikoEnv: string,
): CurveServerKeys | undefined {
  if (!publicKey && !secretKey) {
    requireCurveOutsideProd(kumikoEnv, 'IPC_CURVE_SERVER_PUBLIC_KEY and IPC_CURVE_SERVER_SECRET_KEY');
    return undefined;
  }
  if (!publicKey || !secretKey) {
    throw new IpcError(
      IpcErrorCodes.InvalidCurveKey,
      'Only one of IPC_CURVE_SERVER_PUBLIC_KEY and IPC_CURVE_SERVER_SECRET_KEY is set. Set both from one ' +
        'key pair (npm run ipc:keys), or neither to run without CURVE outside prod.',
    );
  }
  return {
    publicKey: validateZ85Key(publicKey, 'IPC_CURVE_SERVER_PUBLIC_KEY'),
    secretKey: validateZ85Key(secretKey, 'IPC_CURVE_SERVER_SECRET_KEY'),
  };
}

/**
 * Build a client's or worker's CURVE keys from the three variables, or undefined when none is set outside prod.
 *
 * @throws IpcError `KUMIKO_IPC_CURVE_REQUIRED` or `KUMIKO_IPC_INVALID_CURVE_KEY`.
 */
export function resolveClientCurve(
  values: Partial<Record<keyof typeof IpcClientCurveEnvShape, string>>,
  kumikoEnv: string,
): CurveClientKeys | undefined {
  const names = Object.keys(IpcClientCurveEnvShape) as (keyof typeof IpcClientCurveEnvShape)[];
  const set = names.filter((name) => values[name]);
  if (set.length === 0) {
    requireCurveOutsideProd(kumikoEnv, names.join(', '));
    return undefined;
  }
  if (set.length !== names.length) {
    const missing = names.filter((name) => !values[name]);
    throw new IpcError(
      IpcErrorCodes.InvalidCurveKey,
      `CURVE is half configured: ${missing.join(', ')} missing. Set all three variables, or none to run ` +
        'without CURVE outside prod.',
    );
  }
  return {
    serverPublicKey: validateZ85Key(values.IPC_CURVE_SERVER_PUBLIC_KEY!, 'IPC_CURVE_SERVER_PUBLIC_KEY'),
    publicKey: validateZ85Key(values.IPC_CURVE_CLIENT_PUBLIC_KEY!, 'IPC_CURVE_CLIENT_PUBLIC_KEY'),
    secretKey: validateZ85Key(values.IPC_CURVE_CLIENT_SECRET_KEY!, 'IPC_CURVE_CLIENT_SECRET_KEY'),
  };
}

function requireCurveOutsideProd(kumikoEnv: string, variables: string): void {
  if (kumikoEnv !== ProductionEnv) return;
  throw new IpcError(
    IpcErrorCodes.CurveRequired,
    `KUMIKO_ENV=prod requires CURVE encryption on IPC, but ${variables} are not set. Generate keys with ` +
      '`npm run ipc:keys` and set them, or run with another KUMIKO_ENV for local work.',
  );
}
