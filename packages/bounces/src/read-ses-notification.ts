import { clipEvidence, type BounceEntry } from './bounce-entry';
import { classifyBounce } from './classify-bounce';

/** What one Amazon SES notification says, read by {@link readSesNotification}. */
export interface SesNotification {
  /** `Bounce`, `Complaint`, `Delivery`, or another SES event type (then nothing is read). */
  type: string;
  /** SES's id of the feedback (bounce or complaint), else of the message; with a recipient it names the report. */
  id: string;
  /** When the bounce, complaint or delivery happened, per SES. */
  at: Date | null;
  /** Bounced and complaining recipients. */
  entries: BounceEntry[];
  /** Recipients SES reports delivered (a Delivery notification). */
  delivered: string[];
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Permanent subtypes that say the address itself is gone (or SES already knows it bounced). */
const GONE = new Set(['NoEmail', 'Suppressed', 'OnAccountSuppressionList']);

/**
 * Read an Amazon SES bounce, complaint or delivery notification: the JSON SES publishes to an SNS topic
 * (`notificationType`) or through event publishing (`eventType`), as documented in "Amazon SNS notification contents
 * for Amazon SES" (https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html).
 *
 * Hard or soft follows SES's `bounceType`, checked against our own rule: `Transient` is soft; `Permanent` is hard
 * when its subtype says the address is gone (NoEmail, Suppressed, OnAccountSuppressionList) or the receiver gave no
 * code, and otherwise (`General` with a code) classified from the status and diagnostic as a DSN would be, so a
 * `5.7.1` spam refusal is soft here as it is in a DSN; `Undetermined` is classified so too. A complaint whose
 * feedback type is `not-spam` or `virus` is none.
 *
 * @throws Error when `value` is not an SES notification (no type, or no mail object).
 */
export function readSesNotification(value: unknown): SesNotification {
  const root = object(value);
  const type = text(root.notificationType) ?? text(root.eventType);
  if (!type || !root.mail) throw new Error('not an Amazon SES notification: no notificationType or eventType and mail');
  const mail = object(root.mail);
  const messageId = text(mail.messageId) ?? 'unknown';
  if (type === 'Bounce') {
    const bounce = object(root.bounce);
    const bounceType = text(bounce.bounceType) ?? 'Undetermined';
    const subType = text(bounce.bounceSubType) ?? 'General';
    const entries = list(bounce.bouncedRecipients).flatMap((item): BounceEntry[] => {
      const recipient = object(item);
      const address = text(recipient.emailAddress)?.toLowerCase();
      if (!address) return [];
      const status = /^[245]\.\d{1,3}\.\d{1,3}$/.exec(text(recipient.status) ?? '')?.[0] ?? null;
      const diagnostic = text(recipient.diagnosticCode)?.replace(/^smtp\s*;\s*/i, '') ?? null;
      const kind =
        bounceType === 'Transient'
          ? 'soft'
          : bounceType === 'Permanent' && (GONE.has(subType) || !status)
            ? 'hard'
            : classifyBounce(status, diagnostic ?? subType);
      const evidence = clipEvidence(
        JSON.stringify(
          { bounceType, bounceSubType: subType, reportingMTA: bounce.reportingMTA, ...recipient },
          null,
          1,
        ),
      );
      return [
        {
          recipient: address,
          kind,
          status,
          diagnostic: diagnostic ?? `${bounceType}/${subType}`,
          source: 'ses',
          evidence,
        },
      ];
    });
    return { type, id: text(bounce.feedbackId) ?? messageId, at: date(bounce.timestamp), entries, delivered: [] };
  }
  if (type === 'Complaint') {
    const complaint = object(root.complaint);
    const feedbackType = text(complaint.complaintFeedbackType) ?? 'abuse';
    const counts = feedbackType !== 'not-spam' && feedbackType !== 'virus';
    const { complainedRecipients: _recipients, ...facts } = complaint;
    const entries = counts
      ? list(complaint.complainedRecipients).flatMap((item): BounceEntry[] => {
          const address = text(object(item).emailAddress)?.toLowerCase();
          return address
            ? [
                {
                  recipient: address,
                  kind: 'complaint',
                  status: null,
                  diagnostic: `Feedback-Type: ${feedbackType}`,
                  source: 'ses',
                  evidence: clipEvidence(JSON.stringify(facts, null, 1)),
                },
              ]
            : [];
        })
      : [];
    return { type, id: text(complaint.feedbackId) ?? messageId, at: date(complaint.timestamp), entries, delivered: [] };
  }
  if (type === 'Delivery') {
    const delivery = object(root.delivery);
    const delivered = list(delivery.recipients)
      .map(text)
      .filter((address): address is string => address !== null)
      .map((address) => address.toLowerCase());
    return { type, id: messageId, at: date(delivery.timestamp), entries: [], delivered };
  }
  return { type, id: messageId, at: null, entries: [], delivered: [] };
}

function date(value: unknown): Date | null {
  const parsed = typeof value === 'string' ? new Date(value) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : null;
}
