import { runMutation } from './idempotency';
import type { MarketContext, MutationRequest, MutationResult, UserRef } from './types';
import { changeBalance, upsertUsers } from './users';
import { validateAmount, validateUser } from './validation';

/**
 * Mint `amount` petals to a user as an `admin_grant` ledger row, for operators, seeding and tests.
 *
 * @throws MarketError `KUMIKO_MARKET_INVALID_USER` or `_INVALID_AMOUNT`.
 */
export async function grantPetals(
  context: MarketContext,
  request: MutationRequest & { user: UserRef; amount: number },
): Promise<MutationResult<{ userId: string; amount: number; balance: number }>> {
  const user = validateUser(request.user);
  const amount = validateAmount(request.amount);
  await upsertUsers(context.pool, [user]);

  const spec = { operation: 'balance.grant', userId: user.id, idempotencyKey: request.idempotencyKey };
  return runMutation(context, spec, async (client) => {
    const balance = await changeBalance(client, user.id, amount);
    await client.query(
      `INSERT INTO ledger_entries (kind, to_user_id, amount, idempotency_key) VALUES ('admin_grant', $1, $2, $3)`,
      [user.id, String(amount), request.idempotencyKey],
    );

    const occurredAt = context.clock().toISOString();
    return {
      outcome: { userId: user.id, amount, balance },
      events: [{ type: 'balance.changed', occurredAt, userId: user.id, balance }],
    };
  });
}
