import { z } from 'zod';
import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { line, listLinks, recipient, webUrl } from '../../template-schemas';
import { defineEmail } from '../define-email';

/** A question to follow, as the confirmation email names it ("Commons question 26882 (Schools: Finance)"). */
const followSummary = z.object({ description: line(ALERT_TEXT_LIMITS.description) });

/**
 * An alert awaiting confirmation, as its confirmation email may describe it: which kinds of condition it has and how
 * often it sends, never its words. Those are the requester's, and the email goes to an address whose owner has not
 * yet asked for anything, so no field here can carry text (strict: a `label` or `description` is refused). The
 * confirm page shows the alert itself, once its link is opened.
 */
export const pendingAlertSchema = z.strictObject({
  /** It looks for words or phrases. */
  keywords: z.boolean(),
  /** It names a member, a department, a House. */
  member: z.boolean().default(false),
  department: z.boolean().default(false),
  house: z.enum(['commons', 'lords']).nullable().default(null),
  frequency: z.enum(['IMMEDIATE', 'DAILY', 'WEEKLY']),
  /** It also tells of questions when they are asked (includeTabled). */
  askings: z.boolean().default(false),
  /** The members it names, by the names we hold (our data, not the requester's words). */
  members: z.array(z.string().min(1).max(100)).max(3).default([]),
});

/** Double opt-in: the alerts and followed questions being confirmed, and the link that confirms them. */
export const confirmationDataSchema = z
  .object({
    ...recipient,
    ...listLinks,
    confirmUrl: webUrl,
    alerts: z.array(pendingAlertSchema).max(100).default([]),
    follows: z.array(followSummary).max(100).default([]),
  })
  .refine((data) => data.alerts.length + data.follows.length > 0, {
    error: 'a confirmation email confirms at least one alert or followed question',
    path: ['alerts'],
  });

export type ConfirmationData = z.input<typeof confirmationDataSchema>;
export type PendingAlert = z.input<typeof pendingAlertSchema>;

/** Double opt-in: the link that confirms alerts and followed questions, which it describes in our words only. */
export const confirmationEmail = defineEmail({
  schema: confirmationDataSchema,
  subject: ({ alerts, follows }) => {
    // Followed questions are named by Parliament's own words; alerts never by the requester's (no query, no label).
    if (!alerts.length)
      return `Confirm: email me when ${follows.length === 1 ? `${follows[0]!.description} is` : `${follows.length} questions are`} answered`;
    // A member's name is ours, not the requester's: "Confirm your alert on Jeremy Corbyn".
    const named = alerts.length === 1 && alerts[0]!.members.length ? ` on ${alerts[0]!.members.join(' or ')}` : '';
    const what = alerts.length === 1 ? `Confirm your alert${named}` : `Confirm your ${alerts.length} alerts`;
    return follows.length
      ? `${what}, and ${follows.length === 1 ? 'a question' : `${follows.length} questions`} to follow`
      : what;
  },
  viewModel: (data, subject) => {
    const { recipientEmail, alerts, follows, confirmUrl } = data;
    const onlyFollows = alerts.length === 0;
    const heading = confirmationHeading(alerts.length, follows.length);
    return {
      subject,
      recipientEmail,
      baseUrl: data.baseUrl,
      manageUrl: data.manageUrl,
      unsubscribeUrl: data.unsubscribeUrl,
      preheader: onlyFollows
        ? 'One click, and we will email you when it is answered.'
        : 'One click to start your Parliament Alerts.',
      confirmUrl,
      heading,
      headingText: heading.toUpperCase(),
      alerts: alerts.map(pendingAlertView),
      hasAlerts: alerts.length > 0,
      follows,
      hasFollows: follows.length > 0,
      followsIntro: `${onlyFollows ? `Someone, hopefully you, asked Parliament Alerts to email ${recipientEmail}` : 'And to email you'} when ${follows.length > 1 ? 'these questions are' : 'this question is'} answered (and if ${follows.length > 1 ? 'they are' : 'it is'} withdrawn, or the answer corrected):`,
      confirmLabel: onlyFollows ? 'Confirm: email me when it is answered' : 'Confirm and start alerts',
    };
  },
  sample: (links) => ({
    ...links,
    confirmUrl: `${links.baseUrl}/confirm?token=sample-confirm-token`,
    alerts: [
      { keywords: true, department: true, frequency: 'DAILY' as const },
      { keywords: true, frequency: 'IMMEDIATE' as const, askings: true },
    ],
  }),
});

function confirmationHeading(alerts: number, follows: number): string {
  if (!follows) return alerts > 1 ? 'Confirm your alerts' : 'Confirm your alert';
  if (!alerts) return follows > 1 ? 'Confirm following these questions' : 'Confirm following this question';
  return 'Confirm your alerts and followed questions';
}

const SENT = {
  IMMEDIATE: 'emailed as soon as they appear',
  DAILY: 'in one email a day',
  WEEKLY: 'in one email a week',
} as const;

/** "An alert on keywords and a department", "Answers, in one email a day": what it is, in our words only. */
function pendingAlertView(alert: z.output<typeof pendingAlertSchema>) {
  const on = [
    ...(alert.keywords ? ['keywords'] : []),
    ...(alert.member
      ? [alert.members.length ? `questions asked or answered by ${alert.members.join(' or ')}` : "a member's questions"]
      : []),
    ...(alert.department ? ['a department'] : []),
    ...(alert.house ? [`the House of ${alert.house === 'commons' ? 'Commons' : 'Lords'}`] : []),
  ];
  const title = on.length
    ? `An alert on ${on.length > 1 ? `${on.slice(0, -1).join(', ')} and ${on.at(-1)}` : on[0]}`
    : 'An alert';
  return { title, description: `${alert.askings ? 'Questions and answers' : 'Answers'}, ${SENT[alert.frequency]}` };
}
