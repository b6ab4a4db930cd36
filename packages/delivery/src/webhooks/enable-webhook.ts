import type { Db } from '@alerts/db';
import type { DeliveryDispatch } from '@alerts/queue';
import { retryFailedDelivery } from '../delivery-ledger';

/**
 * Turn a disabled webhook back on: its run of failures is forgotten, and the POSTs given up when it was disabled are
 * owed again (with the matches they had claimed, under the same webhook-id). Matches found while it was off are
 * unclaimed; the reconciler's sweep plans a POST for them. Returns the dispatches to enqueue (the reconciler also
 * finds them if nobody does).
 */
export async function enableWebhook(
  db: Db,
  subscriptionId: string,
): Promise<{ enabled: boolean; retried: DeliveryDispatch[] }> {
  const { count } = await db.webhook.updateMany({
    where: { subscriptionId, disabledAt: { not: null } },
    data: { disabledAt: null, failingSince: null, lastError: null },
  });
  if (!count) return { enabled: false, retried: [] };
  const failed = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "Delivery" WHERE kind = 'WEBHOOK' AND status = 'FAILED' AND job->>'subscriptionId' = $1`,
    subscriptionId,
  );
  const retried: DeliveryDispatch[] = [];
  for (const { id } of failed) {
    const dispatch = await retryFailedDelivery(db, id);
    if (dispatch) retried.push(dispatch);
  }
  return { enabled: true, retried };
}
