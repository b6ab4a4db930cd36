import type { DeliveryKind } from './delivery-kind';
import { emailTo, isRecipient, loadSubscriberRecipient } from './recipient';

/** Asked for at /manage: the link carries the subscriber's current token version, like every email's footer. */
export const manageLink: DeliveryKind<'MANAGE_LINK'> = {
  frequency: () => null,
  async prepare(deps, client, job, row) {
    const recipient = await loadSubscriberRecipient(deps, client, job, row);
    if (!isRecipient(recipient)) return recipient;
    const { email, links } = recipient;
    const rendered = deps.renderer.render('manage-link', {
      recipientEmail: email,
      baseUrl: deps.config.baseUrl,
      manageUrl: links.manageUrl,
      unsubscribeUrl: links.unsubscribeUrl,
    });
    return emailTo(deps, job, row, recipient, { rendered, feedbackKind: 'manage-link' });
  },
};
