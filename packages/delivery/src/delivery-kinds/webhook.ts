import { loadWebhookState } from '../webhooks/webhook-store';
import { carried } from '../delivery-store';
import { webhookBody } from '../webhooks/payload';
import { signWebhook } from '@alerts/subscriptions';
import type { DeliveryKind } from './delivery-kind';

/**
 * One POST of a webhook alert's matches: on its first attempt it claims every undelivered, unclaimed match of the
 * alert (the matcher stores them unclaimed) and carries exactly those on every attempt, signed (Standard Webhooks)
 * under the delivery's id as `webhook-id`, so a retry after a crash between the receiver's 2xx and our record is
 * recognisable as the same message.
 */
export const webhook: DeliveryKind<'WEBHOOK'> = {
  /** A webhook alert is always immediate (a daily batch helps no machine). */
  frequency: () => 'IMMEDIATE',
  async prepare(deps, client, job, row) {
    const { deliveryId } = row;
    const state = await loadWebhookState(client, { subscriptionId: job.subscriptionId, deliveryId });
    if (state.alreadySent) return { status: 'already-sent' };
    if (!state.alert || !state.endpoint)
      return { status: 'skipped', reason: 'the alert or its webhook no longer exists' };
    if (!state.sendable)
      return { status: 'skipped', reason: 'the alert may not send (paused, disabled or its subscriber inactive)' };
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
    const headers = {
      'webhook-id': deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(state.endpoint.secret, { id: deliveryId, timestamp, body }),
    };
    return {
      status: 'send',
      message: {
        channel: 'webhook',
        subscriberId: job.subscriberId,
        subscriptionId: job.subscriptionId,
        url: state.endpoint.url,
        body,
        headers,
        at: now,
      },
      record: {
        deliveryId,
        dedupeKey: row.dedupeKey,
        subscriberId: job.subscriberId,
        email: '',
        kind: 'WEBHOOK',
        frequency: row.frequency,
        ...carried(state.matches),
      },
    };
  },
};
