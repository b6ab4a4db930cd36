import { deliverJobs } from '@alerts/queue';
import { recordSent } from '@alerts/send-and-record';
import { DEFAULT_WEBHOOK_CONFIG } from '../delivery-config';
import { SentNotRecordedError } from '@alerts/send-and-record';
import { checkWebhookEndpoint, WEBHOOK_PROBLEM_WORDS, WebhookEndpointError } from '@alerts/subscriptions';
import { postWebhook } from '../webhooks/post-webhook';
import { recordWebhookFailure, recordWebhookSuccess } from '../webhooks/webhook-store';
import type { Notifier } from './notifier';

/** A signed POST (Standard Webhooks): `webhook-id` is the delivery's id, the same on every retry. */
export interface WebhookMessage {
  channel: 'webhook';
  subscriberId: string;
  subscriptionId: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** When the message is dated (its `webhook-timestamp`): recorded as sent at, or failing since. */
  at: Date;
}

/**
 * POST to the alert's endpoint, connecting to the address that was checked (before every POST: no second DNS
 * answer). On a 2xx the delivery is recorded SENT with its matches, on the lock's connection, and the endpoint's run
 * of failures ends. A failure is noted on the endpoint; once it has failed for WEBHOOK_DISABLE_AFTER_HOURS it is
 * disabled (in that statement, so two mailers never both disable it) and its owner is owed a notice.
 */
export const webhookNotifier: Notifier<WebhookMessage> = {
  async send(deps, client, message, record) {
    const settings = deps.config.webhooks ?? DEFAULT_WEBHOOK_CONFIG;
    try {
      const endpoint = await checkWebhookEndpoint(message.url, { allowHosts: settings.allowHosts });
      await postWebhook(endpoint, message.body, message.headers, { timeoutMs: settings.timeoutMs });
    } catch (error) {
      const detail = String((error as Error).message ?? error).slice(0, 1000);
      // The endpoint's last error is shown to its subscriber (manage page, the "turned off" email): an address that
      // now resolves somewhere we refuse is told in their words; the ledger keeps the operator's, which names settings.
      const shown = error instanceof WebhookEndpointError ? WEBHOOK_PROBLEM_WORDS[error.reason] : detail;
      const { disabledNow } = await recordWebhookFailure(client, {
        subscriptionId: message.subscriptionId,
        error: shown,
        now: message.at,
        disableAfterMs: settings.disableAfterMs,
      });
      if (!disabledNow) return { status: 'retry-later', error: detail };
      // Given up now, not after DELIVERY_GIVE_UP_HOURS: the endpoint is off until its subscriber enables it again.
      return {
        status: 'endpoint-given-up',
        error: detail,
        recordedError: `webhook disabled after failing for ${settings.disableAfterMs / 3600_000} h: ${detail}`,
        owed: [deliverJobs.webhookDisabled(message.subscriberId, message.subscriptionId, message.at)],
      };
    }
    try {
      await recordSent(client, { ...record, messageId: record.deliveryId, sentAt: message.at });
    } catch (error) {
      throw new SentNotRecordedError(`posted, but recording it failed: ${(error as Error).message}`, { cause: error });
    }
    await recordWebhookSuccess(client, message.subscriptionId);
    return { status: 'sent', messageId: record.deliveryId };
  },
};
