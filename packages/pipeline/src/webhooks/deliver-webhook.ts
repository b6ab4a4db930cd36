import type { DeliverJob } from '@alerts/queue';
import { deliverJobs } from '@alerts/queue';
import { planDeliveries, recordDeliveryFailure } from '../delivery-ledger';
import { recordSent, type SqlClient } from '../delivery-store';
import type { DeliverDeps, DeliverOutcome } from '../deliver';
import { SentNotRecordedError } from '../send-and-record';
import { DEFAULT_WEBHOOK_CONFIG } from '../pipeline-config';
import { checkWebhookEndpoint } from './endpoint';
import { webhookBody } from './payload';
import { postWebhook } from './post-webhook';
import { signWebhook } from './signature';
import { loadWebhookState, recordWebhookFailure, recordWebhookSuccess } from './webhook-store';

/**
 * POST one webhook delivery: the alert's claimed matches, signed (Standard Webhooks), under the delivery's id as
 * `webhook-id`, so a retry after a crash between the receiver's 2xx and our record is recognisable as the same
 * message. Held under the subscriber's lock like an email. Success records the row SENT and its matches delivered
 * in one statement; a failure is retried with the email's backoff, and an endpoint failing for
 * WEBHOOK_DISABLE_AFTER_HOURS is disabled, this delivery marked FAILED (enabling the webhook again retries it) and
 * the subscriber emailed.
 */
export async function deliverWebhook(deps: DeliverDeps, client: SqlClient, job: Extract<DeliverJob, { kind: 'WEBHOOK' }>, delivery: { deliveryId: string; dedupeKey: string }): Promise<DeliverOutcome> {
  const { deliveryId } = delivery;
  const settings = deps.config.webhooks ?? DEFAULT_WEBHOOK_CONFIG;
  const state = await loadWebhookState(client, { subscriptionId: job.subscriptionId, deliveryId });
  if (state.alreadySent) return { status: 'already-sent', deliveryId };
  if (!state.alert || !state.endpoint) return { status: 'skipped', reason: 'the alert or its webhook no longer exists' };
  if (!state.sendable) return { status: 'skipped', reason: 'the alert may not send (paused, disabled or its subscriber inactive)' };
  if (state.endpoint.disabled) return { status: 'skipped', reason: 'the webhook is disabled' };
  if (!state.matches.length) return { status: 'nothing-to-send' };

  const cards = await deps.cards(state.matches.map((m) => m.questionId));
  const items = state.matches.flatMap((m) => {
    const question = cards.get(m.questionId);
    return question ? [{ question, asked: m.asked }] : [];
  });
  const now = new Date();
  const body = webhookBody(state.endpoint.format, { alert: state.alert, items, baseUrl: deps.config.baseUrl, now });
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = { 'webhook-id': deliveryId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(state.endpoint.secret, { id: deliveryId, timestamp, body }) };

  try {
    const endpoint = await checkWebhookEndpoint(state.endpoint.url, { allowHosts: settings.allowHosts });
    await postWebhook(endpoint, body, headers, { timeoutMs: settings.timeoutMs });
  } catch (error) {
    const detail = String((error as Error).message ?? error).slice(0, 1000);
    const { disabledNow } = await recordWebhookFailure(client, { subscriptionId: job.subscriptionId, error: detail, now, disableAfterMs: settings.disableAfterMs });
    if (disabledNow) {
      // Given up now, not after DELIVERY_GIVE_UP_HOURS: the endpoint is off until its subscriber enables it again.
      await recordDeliveryFailure(deps.db, { deliveryId, email: '', error: `webhook disabled after failing for ${settings.disableAfterMs / 3600_000} h: ${detail}`, permanent: false, policy: { ...deps.config.retry, giveUpAfterMs: 0 } });
      await planDeliveries(deps.db, [deliverJobs.webhookDisabled(job.subscriberId, job.subscriptionId, now)]);
      return { status: 'gave-up', deliveryId, error: detail };
    }
    const failure = await recordDeliveryFailure(deps.db, { deliveryId, email: '', error: detail, permanent: false, policy: deps.config.retry });
    return failure.status === 'PENDING' ? { status: 'deferred', deliveryId, retryAt: failure.retryAt, error: detail } : { status: 'gave-up', deliveryId, error: detail };
  }
  try {
    await recordSent(client, {
      deliveryId, dedupeKey: delivery.dedupeKey, subscriberId: job.subscriberId, email: '', kind: 'WEBHOOK', frequency: 'IMMEDIATE',
      messageId: deliveryId, sentAt: now, matchIds: state.matches.map((m) => m.id),
    });
  } catch (error) {
    throw new SentNotRecordedError(`posted, but recording it failed: ${(error as Error).message}`, { cause: error });
  }
  await recordWebhookSuccess(client, job.subscriptionId);
  return { status: 'sent', deliveryId, items: state.matches.length, messageId: deliveryId };
}
