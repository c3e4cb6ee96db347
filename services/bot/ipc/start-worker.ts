import { z } from 'zod';

import { KumikoEnvSchema } from '../../config/environment';
import { loadEnv } from '../../config/load-env';
import type { Logger } from '../../logging/logger';
import { BotServices } from '../../ipc/bot-contract';
import { IpcClientCurveEnvShape, resolveClientCurve } from '../../ipc/config';
import type { CurveClientKeys } from '../../ipc/curve';
import { createIpcWorker, type IpcWorker, type IpcWorkerTuning } from '../../ipc/worker';
import type { BotClientView } from './client-view';
import { readBotStatus, readGuildInfo, readUserProfile } from './handlers';

/** IPC settings of the bot process. */
export interface BotIpcConfig {
  /** The broker's worker endpoint (port 5556). */
  workerEndpoint: string;
  /** The broker's events-in endpoint (port 5557). */
  eventsEndpoint: string;
  curve: CurveClientKeys | undefined;
  tuning?: Partial<IpcWorkerTuning>;
}

const BotIpcEnvSchema = z.object({
  KUMIKO_ENV: KumikoEnvSchema,
  IPC_WORKER_ENDPOINT: z.string().default('tcp://127.0.0.1:5556'),
  IPC_EVENTS_ENDPOINT: z.string().default('tcp://127.0.0.1:5557'),
  ...IpcClientCurveEnvShape,
});

/**
 * Read the bot's IPC settings from the environment.
 *
 * @throws ConfigError `KUMIKO_CONFIG_INVALID`, IpcError `KUMIKO_IPC_CURVE_REQUIRED` in prod without keys.
 */
export function loadBotIpcConfig(env: NodeJS.ProcessEnv): BotIpcConfig {
  const values = loadEnv(BotIpcEnvSchema, env);
  return {
    workerEndpoint: values.IPC_WORKER_ENDPOINT,
    eventsEndpoint: values.IPC_EVENTS_ENDPOINT,
    curve: resolveClientCurve(values, values.KUMIKO_ENV),
  };
}

/** Arguments of {@link startBotIpcWorker}. */
export interface StartBotIpcWorkerOptions {
  client: BotClientView;
  /** Shards this process runs, and the total across all processes. */
  shardIds: readonly number[];
  shardCount: number;
  config: BotIpcConfig;
  logger: Logger;
}

/** Serve `bot.status`, `guild.info` and `user.profile` to the broker. Call `close()` on the result at shutdown. */
export function startBotIpcWorker(options: StartBotIpcWorkerOptions): IpcWorker {
  const { client, config } = options;
  const worker = createIpcWorker(
    {
      endpoint: config.workerEndpoint,
      curve: config.curve,
      shardIds: options.shardIds,
      shardCount: options.shardCount,
      tuning: config.tuning,
    },
    options.logger,
  );

  worker
    .serve(BotServices.status, () => readBotStatus(client))
    .serve(BotServices.guildInfo, (_body, context) => readGuildInfo(client, context))
    .serve(BotServices.userProfile, (body) => readUserProfile(client, body));
  worker.start();
  return worker;
}
