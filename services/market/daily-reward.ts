import { describeDuration } from './durations';
import { MarketError, MarketErrorCodes } from './errors';
import { runMutation } from './idempotency';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { changeBalance, upsertUsers } from './users';
import { validateUser } from './validation';

/** Outcome of {@link claimDailyReward}. */
export interface DailyRewardOutcome {
  amount: number;
  balance: number;
  /** When the next reward can be claimed, ISO 8601. */
  nextAvailableAt: string;
}

/**
 * Mint the daily reward to a user, at most once per daily cooldown (24 h by default), tracked in
 * `users.last_daily_at`.
 *
 * @throws MarketError `KUMIKO_MARKET_DAILY_COOLDOWN` before the cooldown ends; its message and
 *   `details.availableAt` say when the next reward is available.
 */
export async function claimDailyReward(
  context: MarketContext,
  request: MutationRequest & { user: UserRef },
): Promise<MutationResult<DailyRewardOutcome>> {
  const user = validateUser(request.user);
  await upsertUsers(context.pool, [user]);

  const spec = { operation: 'daily.claim', userId: user.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const now = context.clock();
    const locked = await client.query<{ last_daily_at: Date | null }>(
      'SELECT last_daily_at FROM users WHERE id = $1 FOR NO KEY UPDATE',
      [user.id],
    );
    const last = locked.rows[0]?.last_daily_at ?? null;
    if (last) assertCooldownOver(context, user.id, last, now);

    const amount = context.options.dailyRewardAmount;
    await client.query('UPDATE users SET last_daily_at = $2 WHERE id = $1', [user.id, now]);
    const balance = await changeBalance(client, user.id, amount);
    await client.query(
      `INSERT INTO ledger_entries (kind, to_user_id, amount, idempotency_key) VALUES ('daily_reward', $1, $2, $3)`,
      [user.id, String(amount), request.idempotencyKey],
    );

    const nextAvailableAt = new Date(now.getTime() + context.options.dailyCooldownMs).toISOString();
    return {
      outcome: { amount, balance, nextAvailableAt },
      events: [{ type: 'balance.changed', occurredAt: now.toISOString(), userId: user.id, balance }],
    };
  });
}

function assertCooldownOver(context: MarketContext, userId: string, last: Date, now: Date): void {
  const availableAt = new Date(last.getTime() + context.options.dailyCooldownMs);
  if (availableAt <= now) return;

  throw new MarketError(
    MarketErrorCodes.DailyCooldown,
    `User ${userId} claimed the daily reward at ${last.toISOString()}; the next is available at ${availableAt.toISOString()}.`,
    {
      userMessage: `You already claimed your daily reward. The next one is available in ${describeDuration(availableAt.getTime() - now.getTime())}.`,
      details: { availableAt: availableAt.toISOString() },
    },
  );
}
