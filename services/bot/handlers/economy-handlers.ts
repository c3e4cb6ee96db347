import type { UserRef } from '../../market/types';
import { formatPetals, mention, relativeTime } from '../format';
import type { Reply } from '../reply';
import type { HandlerContext } from './handler-context';
import { renderPagedView } from './paged-views';

/** Show the user's balance, privately. */
export async function handleBalance(context: HandlerContext): Promise<Reply> {
  const { balance } = await context.market.getBalance(context.user);
  return { content: `You have ${formatPetals(balance)}.`, ephemeral: true };
}

/** Claim the daily reward. @throws MarketError `KUMIKO_MARKET_DAILY_COOLDOWN` saying when the next is due. */
export async function handleDaily(context: HandlerContext): Promise<Reply> {
  const claimed = await context.market.claimDailyReward({
    user: context.user,
    idempotencyKey: context.interactionId,
  });
  return {
    content:
      `You received ${formatPetals(claimed.amount)} and now have ${formatPetals(claimed.balance)}. ` +
      `Your next daily reward is available ${relativeTime(claimed.nextAvailableAt)}.`,
  };
}

/**
 * Pay another user.
 *
 * @throws MarketError `KUMIKO_MARKET_SELF_PAYMENT`, `_INVALID_AMOUNT` or `_INSUFFICIENT_BALANCE`.
 */
export async function handlePay(
  context: HandlerContext,
  options: { to: UserRef; amount: number },
): Promise<Reply> {
  const paid = await context.market.payUser({
    from: context.user,
    to: options.to,
    amount: options.amount,
    idempotencyKey: context.interactionId,
  });
  return {
    content: `You paid ${formatPetals(paid.amount)} to ${mention(paid.toId)}. You have ${formatPetals(paid.fromBalance)} left.`,
  };
}

/** Show the first page of the user's inventory, privately. */
export function handleInventory(context: HandlerContext): Promise<Reply> {
  return renderPagedView(
    context.market,
    { kind: 'inventory', userId: context.user.id, username: context.user.username },
    0,
  );
}

/** Show the first page of the leaderboard. */
export function handleLeaderboard(context: HandlerContext): Promise<Reply> {
  return renderPagedView(context.market, { kind: 'leaderboard' }, 0);
}
