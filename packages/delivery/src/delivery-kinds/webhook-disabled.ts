import { webhookDisabledNotice } from '../webhooks/disabled-notice';
import type { DeliveryKind } from './delivery-kind';
import { emailTo, isRecipient, loadSubscriberRecipient } from './recipient';

/** The email telling a subscriber their alert's webhook kept failing and was disabled (unless it is on again). */
export const webhookDisabled: DeliveryKind<'WEBHOOK_DISABLED'> = {
  frequency: () => null,
  async prepare(deps, client, job, row) {
    const recipient = await loadSubscriberRecipient(deps, client, job, row);
    if (!isRecipient(recipient)) return recipient;
    const { email, links } = recipient;
    const notice = await webhookDisabledNotice(deps.db, job.subscriptionId);
    if (!notice) return { status: 'skipped', reason: 'the webhook is enabled again, or gone' };
    const rendered = deps.renderer.render('webhook-disabled', {
      recipientEmail: email,
      baseUrl: deps.config.baseUrl,
      manageUrl: links.manageUrl,
      unsubscribeUrl: links.unsubscribeUrl,
      ...notice,
    });
    return emailTo(deps, job, row, recipient, { rendered, feedbackKind: 'webhook-disabled' });
  },
};
