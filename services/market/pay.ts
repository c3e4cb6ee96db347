import { MarketError, MarketErrorCodes } from './errors';
import { runMutation } from './idempotency';
import { insufficientBalance } from './insufficient-balance';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { changeBalance, lockBalances, upsertUsers } from './users';
import { validateAmount, validateUser } from './validation';

/** Input of {@link payUser}. */
export interface PayRequest extends MutationRequest {
  from: UserRef;
  to: UserRef;
  amount: number;
}

/** Outcome of {@link payUser}. */
export interface PayOutcome {
  fromId: string;
  toId: string;
  amount: number;
  fromBalance: number;
  toBalance: number;
}

/**
 * Move `amount` petals from one user to another, recorded as a `transfer` ledger row.
 *
 * @throws MarketError `KUMIKO_MARKET_SELF_PAYMENT`, `_INVALID_AMOUNT` (0 or negative) or `_INSUFFICIENT_BALANCE`.
 */
export async function payUser(
  context: MarketContext,
  request: PayRequest,
): Promise<MutationResult<PayOutcome>> {
  const from = validateUser(request.from);
  const to = validateUser(request.to);
  if (from.id === to.id) {
    throw new MarketError(MarketErrorCodes.SelfPayment, `User ${from.id} tried to pay themselves.`, {
      userMessage: 'You cannot pay yourself.',
    });
  }
  const amount = validateAmount(request.amount);
  await upsertUsers(context.pool, [from, to]);

  const spec = { operation: 'balance.pay', userId: from.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const balances = await lockBalances(client, [from.id, to.id]);
    const before = balances.get(from.id) ?? 0;
    if (before < amount) throw insufficientBalance(from.id, amount, before, 'this payment');

    const fromBalance = await changeBalance(client, from.id, -amount);
    const toBalance = await changeBalance(client, to.id, amount);
    await client.query(
      `INSERT INTO ledger_entries (kind, from_user_id, to_user_id, amount, idempotency_key)
       VALUES ('transfer', $1, $2, $3, $4)`,
      [from.id, to.id, String(amount), request.idempotencyKey],
    );

    const occurredAt = context.clock().toISOString();
    return {
      outcome: { fromId: from.id, toId: to.id, amount, fromBalance, toBalance },
      events: [
        { type: 'balance.changed', occurredAt, userId: from.id, balance: fromBalance },
        { type: 'balance.changed', occurredAt, userId: to.id, balance: toBalance },
      ],
    };
  });
}
