import { z } from 'zod';
import { listLinks, recipient } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** "Email me my manage link": the subscriber's manage link again, on request; nothing else (no alert, no words). */
const manageLinkDataSchema = z.object({
  ...recipient,
  ...listLinks,
});

/** The manage link again, asked for at `/manage`. */
export const manageLinkEmail = defineEmail({
  schema: manageLinkDataSchema,
  subject: () => 'Your link to manage your Parliament Alerts',
  viewModel: (data, subject) => ({
    subject,
    recipientEmail: data.recipientEmail,
    baseUrl: data.baseUrl,
    manageUrl: data.manageUrl,
    unsubscribeUrl: data.unsubscribeUrl,
    preheader: 'The link you asked for: your alerts, the questions you follow, and unsubscribing.',
  }),
  sample: (links) => ({ ...links }),
});
