import { z } from 'zod';
import { alertSummary, line, listLinks, recipient } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** A webhook alert's endpoint kept failing and was turned off: which alert, where it pointed, the last error. */
const webhookDisabledDataSchema = z.object({
  ...recipient,
  ...listLinks,
  alert: alertSummary,
  /** The endpoint's host only: the full URL may carry a token (Slack's and Teams' do). */
  endpointHost: line(300),
  /** How long it had been failing, in words ("24 hours"). */
  failingFor: line(60),
  lastError: line(300),
});

/** To the owner of a webhook alert whose endpoint kept failing, so we turned it off. */
export const webhookDisabledEmail = defineEmail({
  schema: webhookDisabledDataSchema,
  subject: () => 'Webhook turned off: posts to it kept failing',
  viewModel: (data, subject) => {
    const { alert, endpointHost, failingFor, lastError } = data;
    return {
      subject,
      recipientEmail: data.recipientEmail,
      baseUrl: data.baseUrl,
      manageUrl: data.manageUrl,
      unsubscribeUrl: data.unsubscribeUrl,
      preheader: `Posts to ${endpointHost} failed for ${failingFor}; new answers wait until you turn it back on.`,
      alert: { name: alert.label ?? alert.description },
      endpointHost,
      failingFor,
      lastError,
    };
  },
  sample: (links) => ({
    ...links,
    alert: { description: 'answers mentioning "flood defences"' },
    endpointHost: 'hooks.example.org',
    failingFor: '24 hours',
    lastError: 'HTTP 500: Internal Server Error',
  }),
});
