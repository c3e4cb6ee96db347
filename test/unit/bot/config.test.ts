import { describe, expect, it } from 'vitest';

import { loadBotConfig } from '../../../services/bot/config';
import { ConfigErrorCode, type ConfigError } from '../../../services/config/load-env';

const base = { DISCORD_TOKEN: 'secret-token' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadBotConfig(env);
  } catch (error) {
    expect(error).toMatchObject({ code: ConfigErrorCode });
    return (error as ConfigError).problems.map((problem) => problem.variable);
  }
  return [];
}

describe('loadBotConfig', () => {
  it('applies defaults', () => {
    const config = loadBotConfig(base);

    expect(config).toMatchObject({
      shardCount: 1,
      shardIds: [0],
      healthPort: 8_080,
      environment: 'local',
      market: { listingFee: 10, listingCooldownMs: 43_200_000, dailyRewardAmount: 100 },
    });
  });

  it('requires DISCORD_TOKEN', () => {
    expect(problemsOf({})).toEqual(['DISCORD_TOKEN']);
  });

  it('never echoes the token', () => {
    expect(() => loadBotConfig({ ...base, HEALTH_PORT: 'x' })).toThrow(
      expect.not.stringContaining('secret-token'),
    );
  });

  it('lists every bad variable', () => {
    const variables = problemsOf({
      ...base,
      HEALTH_PORT: 'abc',
      MARKET_LISTING_FEE: '-1',
      KUMIKO_ENV: 'production',
    });

    expect(variables.sort()).toEqual(['HEALTH_PORT', 'KUMIKO_ENV', 'MARKET_LISTING_FEE']);
  });

  it('reads the market settings', () => {
    const config = loadBotConfig({
      ...base,
      MARKET_LISTING_FEE: '0',
      MARKET_LISTING_COOLDOWN_HOURS: '1.5',
      DAILY_REWARD_AMOUNT: '250',
    });

    expect(config.market).toEqual({ listingFee: 0, listingCooldownMs: 5_400_000, dailyRewardAmount: 250 });
  });

  it('takes SHARD_IDS', () => {
    expect(loadBotConfig({ ...base, SHARD_COUNT: '4', SHARD_IDS: '3,1' }).shardIds).toEqual([1, 3]);
  });

  it('rejects SHARD_IDS past SHARD_COUNT', () => {
    expect(problemsOf({ ...base, SHARD_COUNT: '2', SHARD_IDS: '0,2' })).toEqual(['SHARD_IDS']);
  });

  it('derives shards from the pod ordinal', () => {
    const config = loadBotConfig({
      ...base,
      SHARD_COUNT: '6',
      SHARDS_PER_POD: '2',
      POD_NAME: 'kumiko-bot-2',
    });

    expect(config.shardIds).toEqual([4, 5]);
  });

  it('rejects a pod past SHARD_COUNT', () => {
    expect(problemsOf({ ...base, SHARD_COUNT: '4', SHARDS_PER_POD: '2', POD_NAME: 'kumiko-bot-2' })).toEqual([
      'POD_NAME',
    ]);
  });

  it('rejects a pod name without ordinal', () => {
    expect(problemsOf({ ...base, SHARDS_PER_POD: '1', POD_NAME: 'kumiko-bot' })).toEqual(['POD_NAME']);
  });

  it('rejects both shard selections', () => {
    expect(problemsOf({ ...base, SHARD_IDS: '0', SHARDS_PER_POD: '1', POD_NAME: 'kumiko-bot-0' })).toEqual([
      'SHARD_IDS',
    ]);
  });

  it('rejects a non-URL DISCORD_REST_URL', () => {
    expect(problemsOf({ ...base, DISCORD_REST_URL: 'not a url' })).toEqual(['DISCORD_REST_URL']);
  });
});
