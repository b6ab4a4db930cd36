import { confirmationEmailData, prepareConfirmation } from '@alerts/subscriptions';
import { memberNamesOf } from '@alerts/composition';
import type { DeliveryKind } from './delivery-kind';
import { emailTo, isRecipient, loadSubscriberRecipient } from './recipient';

/** "Confirm your alerts": its link confirms exactly the alerts and follows this email lists (issue #14). */
export const confirmation: DeliveryKind<'CONFIRMATION'> = {
  frequency: () => null,
  async prepare(deps, client, job, row) {
    const recipient = await loadSubscriberRecipient(deps, client, job, row);
    if (!isRecipient(recipient)) return recipient;
    const {
      state: { subscriber },
      email,
      links,
    } = recipient;
    const request = await prepareConfirmation(deps.db, { subscriberId: subscriber.id, dedupeKey: row.dedupeKey });
    if (!request) return { status: 'nothing-to-send' };
    const memberNames = await memberNamesOf(
      deps.db,
      request.alerts.map((a) => a.query),
    );
    const rendered = deps.renderer.render(
      'confirmation',
      confirmationEmailData({
        email,
        baseUrl: deps.config.baseUrl,
        manageUrl: links.manageUrl,
        unsubscribeUrl: links.unsubscribeUrl,
        confirmUrl: links.confirmUrl(request.id),
        alerts: request.alerts,
        follows: request.follows,
        memberNames,
      }),
    );
    return emailTo(deps, job, row, recipient, { rendered, feedbackKind: 'confirmation' });
  },
};
