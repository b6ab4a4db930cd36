import { createHash } from 'node:crypto';
import { parseBounce, type BounceEntry, type SesNotification } from '@alerts/bounces';

/** One bounce or complaint about one address, from whichever channel it came in by: what `recordBounceReports` acts on. */
export interface BounceReport {
  /** The address, lower-cased. */
  email: string;
  kind: BounceEntry['kind'];
  /** `smtp`: a message to the bouncer; `ses`: an Amazon SES notification. */
  channel: 'smtp' | 'ses';
  format: BounceEntry['source'];
  status: string | null;
  diagnostic: string | null;
  evidence: string;
  /** The same for the same report about the same address, however often it arrives. */
  dedupeKey: string;
}

/**
 * The reports in one raw message the bouncer received. `verpRecipient` is the address decoded from the VERP bounce
 * address it was sent to: who the bounce is about when it names no one (see `parseBounce`). A message received
 * twice (a sender retrying after a lost reply) gives the same keys.
 *
 * @throws UnreadableMessageError (from @alerts/bounces) for what is no email message.
 */
export function bounceReportsFromMessage(
  raw: Buffer,
  options: { verpRecipient?: string | undefined } = {},
): BounceReport[] {
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 32);
  const entries = parseBounce(raw, options.verpRecipient ? { recipientIfUnnamed: options.verpRecipient } : {});
  return entries.map((entry) => report(entry, 'smtp', `smtp:${digest}:${entry.recipient}`));
}

/** The reports in one Amazon SES notification (read by `readSesNotification`). */
export function bounceReportsFromSes(notification: SesNotification): BounceReport[] {
  return notification.entries.map((entry) =>
    report(entry, 'ses', `ses:${notification.id}:${entry.recipient}:${entry.kind}`),
  );
}

function report(entry: BounceEntry, channel: BounceReport['channel'], dedupeKey: string): BounceReport {
  return {
    email: entry.recipient.toLowerCase(),
    kind: entry.kind,
    channel,
    format: entry.source,
    status: entry.status,
    diagnostic: entry.diagnostic?.slice(0, 1000) ?? null,
    evidence: entry.evidence,
    dedupeKey: dedupeKey.slice(0, 400),
  };
}
