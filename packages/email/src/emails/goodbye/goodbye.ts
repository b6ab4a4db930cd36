import { z } from 'zod';
import { recipient, webUrl } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** Sent after unsubscribing; there is nothing left to unsubscribe from, so only links back. */
const goodbyeDataSchema = z.object({
  ...recipient,
  /** Undo link; defaults to `baseUrl`. */
  resubscribeUrl: webUrl.optional(),
  manageUrl: webUrl.optional(),
});

/** "You have unsubscribed": the last email to an address, with a link to undo it. */
export const goodbyeEmail = defineEmail({
  schema: goodbyeDataSchema,
  subject: () => 'You have unsubscribed from Parliament Alerts',
  viewModel: (data, subject) => ({
    subject,
    recipientEmail: data.recipientEmail,
    baseUrl: data.baseUrl,
    manageUrl: data.manageUrl ?? null,
    unsubscribeUrl: null,
    preheader: 'You will get no more alerts from us.',
    resubscribeUrl: data.resubscribeUrl ?? data.baseUrl,
  }),
  sample: ({ recipientEmail, baseUrl }) => ({ recipientEmail, baseUrl, resubscribeUrl: `${baseUrl}/alerts/new` }),
});
