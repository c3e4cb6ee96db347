import { BotError, BotErrorCodes } from './errors';

/** Sharding input, as read from SHARD_COUNT, SHARD_IDS, SHARDS_PER_POD and POD_NAME. */
export interface ShardSettings {
  shardCount: number;
  shardIds?: number[];
  shardsPerPod?: number;
  podName?: string;
}

/**
 * Decide which shards this process serves: SHARD_IDS when given, else the slice of a StatefulSet pod (the pod
 * with ordinal N serves shards N x SHARDS_PER_POD up to N x SHARDS_PER_POD + SHARDS_PER_POD - 1), else all.
 *
 * @throws BotError `KUMIKO_BOT_INVALID_SHARDS` naming the variable that is inconsistent with SHARD_COUNT.
 */
export function resolveShardIds(settings: ShardSettings): number[] {
  const { shardCount } = settings;
  if (settings.shardIds !== undefined) return checkInRange(settings.shardIds, shardCount, 'SHARD_IDS');

  if (settings.shardsPerPod !== undefined) {
    const ordinal = podOrdinal(settings.podName);
    const first = ordinal * settings.shardsPerPod;
    const ids = Array.from({ length: settings.shardsPerPod }, (_, index) => first + index);
    return checkInRange(
      ids,
      shardCount,
      `POD_NAME (ordinal ${ordinal}) with SHARDS_PER_POD=${settings.shardsPerPod}`,
    );
  }
  return Array.from({ length: shardCount }, (_, index) => index);
}

/**
 * Read the ordinal at the end of a StatefulSet pod name, such as 2 in `kumiko-bot-2`.
 *
 * @throws BotError `KUMIKO_BOT_INVALID_SHARDS` when the name is missing or has no ordinal.
 */
export function podOrdinal(podName: string | undefined): number {
  const match = podName === undefined ? null : /-(\d+)$/.exec(podName);
  if (!match) {
    throw new BotError(
      BotErrorCodes.InvalidShards,
      `POD_NAME "${podName ?? ''}" has no ordinal: SHARDS_PER_POD needs POD_NAME set to a StatefulSet pod ` +
        'name such as kumiko-bot-2.',
    );
  }
  return Number(match[1]);
}

function checkInRange(ids: number[], shardCount: number, origin: string): number[] {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const outside = unique.filter((id) => id >= shardCount);
  if (unique.length === 0 || outside.length > 0) {
    throw new BotError(
      BotErrorCodes.InvalidShards,
      `${origin} selects shard(s) ${outside.join(', ') || '(none)'}, outside 0..${shardCount - 1} of SHARD_COUNT=${shardCount}. ` +
        'Raise SHARD_COUNT or select shards below it.',
    );
  }
  return unique;
}
