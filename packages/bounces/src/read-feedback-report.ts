import { addressIn, addressesIn } from './address-in';
import { clipEvidence, type BounceEntry } from './bounce-entry';
import { headerOf, type MimePart } from './parse-mime';

/**
 * The complainants of an ARF report (RFC 5965): the `message/feedback-report` part's Original-Rcpt-To or
 * Removal-Recipient, else the To of the returned message (most providers redact the former but keep the latter).
 */
export function readFeedbackReport(report: MimePart, returned: MimePart | undefined): BounceEntry[] {
  const fields = report.text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n');
  const field = (name: string) =>
    fields.filter((line) => line.toLowerCase().startsWith(`${name}:`)).map((line) => line.slice(name.length + 1));
  const type = (field('feedback-type')[0] ?? 'abuse').trim().toLowerCase();
  let recipients = [...field('original-rcpt-to'), ...field('removal-recipient')]
    .map(addressIn)
    .filter((a): a is string => a !== undefined);
  if (!recipients.length && returned) recipients = addressesIn(headerOf(returned, 'to') ?? '');
  const diagnostic = `Feedback-Type: ${type}`;
  // `not-spam` and `virus` are not complaints about our mail; every other type (abuse, fraud, opt-out…) is.
  if (type === 'not-spam' || type === 'virus') return [];
  return [...new Set(recipients)].map((recipient) => ({
    recipient,
    kind: 'complaint',
    status: null,
    diagnostic,
    source: 'arf',
    evidence: clipEvidence(report.text),
  }));
}
