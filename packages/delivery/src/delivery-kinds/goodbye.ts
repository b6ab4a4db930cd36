import type { DeliveryKind } from './delivery-kind';
import { emailTo, isRecipient, loadRecipient } from './recipient';

/**
 * The goodbye of a subscriber who deleted themselves. They are gone: the address is on the row ('' once erased,
 * and then there is nobody to write to), or on a job written before goodbyes stopped carrying it.
 */
export const goodbye: DeliveryKind<'GOODBYE'> = {
  frequency: () => null,
  async prepare(deps, client, job, row) {
    const recipient = await loadRecipient(deps, client, job, row, { goodbyeEmail: (job.email ?? row.email) || null });
    if (!isRecipient(recipient)) return recipient;
    const { baseUrl } = deps.config;
    const rendered = deps.renderer.render('goodbye', {
      recipientEmail: recipient.email,
      baseUrl,
      resubscribeUrl: `${baseUrl}/alerts/new`,
    });
    return emailTo(deps, job, row, recipient, { rendered, feedbackKind: 'goodbye' });
  },
};
