import { addressesIn } from './address-in';
import { clipEvidence, type BounceEntry } from './bounce-entry';
import { classifyBounce, inferStatus } from './classify-bounce';
import { decodeEncodedWords } from './decode-encoded-words';
import { headerOf, parseMime, type MimePart } from './parse-mime';
import { readDeliveryStatus } from './read-delivery-status';
import { readFeedbackReport } from './read-feedback-report';
import { readPlainTextBounce } from './read-plain-text-bounce';
import { UnreadableMessageError } from './unreadable-message-error';

const BOUNCE_SENDER =
  /mailer-daemon|mail-daemon|postmaster|mail delivery|delivery subsystem|mailadmin|system administrator|mmdf|smtp32|mail administrator|mail system|microsoftexchange|bounce/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery (?:status|failure|failed|problem|notification|report)|failure notice|returned mail|mail delivery|could not be delivered|non[- ]?delivery|delivery has failed|bounce|rejected|nondeliverable|mail system error|error sending|not delivered|unknown user|user unknown|delivery report|warning: could not send|utilisateur non/i;
const AUTO_REPLY =
  /^(?:auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|vacation|abwesenheit|absence|away from)/i;

/** Options of {@link parseBounce}. */
export interface ParseBounceOptions {
  /**
   * Whom a bounce is about when it names no recipient the parser can read: the address decoded from the VERP bounce
   * address it was sent to. Used only for a message that is a bounce or complaint (a failed or delayed DSN, an ARF
   * report, a disposition saying "deleted", a message that looks like a bounce), never for an auto-reply.
   */
  recipientIfUnnamed?: string;
}

/**
 * The bounced recipients and complainants in one raw message: RFC 3464 delivery status notifications, ARF
 * complaint reports (RFC 5965), and the plain-text bounces of servers that send neither. Returns one entry per
 * recipient (none for a message that is no bounce: an auto-reply, a delivery success, ordinary mail).
 *
 * @throws UnreadableMessageError when `raw` is not an email message at all.
 */
export function parseBounce(raw: string | Buffer, options: ParseBounceOptions = {}): BounceEntry[] {
  // latin1 maps every byte to a character: no message is unreadable for its encoding, and addresses are ASCII.
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  if (
    !/^(?:>?From [^\n]*\n)?[A-Za-z0-9-]+:[^\n]*(?:\r?\n[ \t][^\n]*)*\r?\n[\s\S]*?[A-Za-z0-9-]+:/.test(
      text.replace(/^\uFEFF/, ''),
    )
  ) {
    throw new UnreadableMessageError('not an email message: it does not start with header fields');
  }
  const root = parseMime(text.replace(/^\uFEFF/, '').replace(/^>?From [^\n]*\n/, ''));
  const parts = reportParts(root);
  const human = parts
    .filter((part) => part.type.startsWith('text/') && part.type !== 'text/rfc822-headers')
    .map(readable)
    .join('\n\n');
  const entries = readEntries(root, parts, human);
  if (entries.length || !options.recipientIfUnnamed) return entries;
  const unnamed = readUnnamed(root, parts, human);
  return unnamed ? [{ ...unnamed, recipient: options.recipientIfUnnamed.toLowerCase() }] : [];
}

function readEntries(root: MimePart, parts: MimePart[], human: string): BounceEntry[] {
  const feedback = parts.find((part) => part.type === 'message/feedback-report');
  if (feedback) return readFeedbackReport(feedback, returnedMessage(parts));

  const fromText = readPlainTextBounce(human, ownAddresses(root));
  const fromDsn = parts
    .filter((part) => /^message\/(?:global-)?delivery-status$/.test(part.type))
    .flatMap((part) => readDeliveryStatus(part.text));
  if (fromDsn.length) return dedupe(fromDsn.map((entry) => sharpen(entry, fromText, human)));
  const fromMdn = parts
    .filter((part) => part.type === 'message/disposition-notification')
    .flatMap((part) => readRejection(part, human));
  if (fromMdn.length) return dedupe(fromMdn);
  if (!looksLikeBounce(root)) return [];
  return dedupe(fromText);
}

/**
 * A bounce or complaint that names no recipient we can read, without its recipient: an ARF report with every
 * address redacted, a DSN that failed or delayed a recipient it does not name, a rejecting disposition without
 * Final-Recipient, or a message that looks like a bounce and names no address. Undefined for anything else (a DSN
 * saying "delivered", an auto-reply, ordinary mail).
 */
function readUnnamed(root: MimePart, parts: MimePart[], human: string): Omit<BounceEntry, 'recipient'> | undefined {
  const feedback = parts.find((part) => part.type === 'message/feedback-report');
  if (feedback) {
    const type = (/^feedback-type:\s*(\S+)/im.exec(feedback.text)?.[1] ?? 'abuse').toLowerCase();
    if (type === 'not-spam' || type === 'virus') return undefined;
    return {
      kind: 'complaint',
      status: null,
      diagnostic: `Feedback-Type: ${type}`,
      source: 'arf',
      evidence: clipEvidence(feedback.text),
    };
  }
  const words = human.replace(/\s+/g, ' ').trim();
  const dsn = parts
    .filter((part) => /^message\/(?:global-)?delivery-status$/.test(part.type))
    .map((part) => part.text)
    .join('\n\n');
  if (dsn) {
    const action = (/^action:\s*(\w+)/im.exec(dsn)?.[1] ?? '').toLowerCase();
    const reported = /^status:\s*([45]\.\d{1,3}\.\d{1,3})/im.exec(dsn)?.[1] ?? null;
    if (action !== 'failed' && action !== 'delayed' && !reported) return undefined;
    const diagnostic =
      /^diagnostic-code:\s*(?:smtp\s*;\s*)?(.*)$/im.exec(dsn)?.[1]?.trim() || words.slice(0, 500) || null;
    const status =
      reported ?? inferStatus(diagnostic ?? '', action === 'failed' ? true : action === 'delayed' ? false : null);
    const kind = action === 'delayed' ? 'soft' : classifyBounce(status, diagnostic);
    return { kind, status, diagnostic, source: 'dsn', evidence: clipEvidence(dsn) };
  }
  const mdn = parts.find((part) => part.type === 'message/disposition-notification');
  if (mdn) {
    if (!/^disposition:.*(?:deleted|denied|failed|rejected)/im.test(mdn.text)) return undefined;
    return {
      kind: classifyBounce(null, words),
      status: null,
      diagnostic: words.slice(0, 500) || null,
      source: 'dsn',
      evidence: clipEvidence(`${mdn.text}\n\n${words}`),
    };
  }
  if (!looksLikeBounce(root) || !words) return undefined;
  const status = inferStatus(words, null);
  return {
    kind: classifyBounce(status, words),
    status,
    diagnostic: words.slice(0, 500),
    source: 'text',
    evidence: clipEvidence(human),
  };
}

/** The leaves that make up the report itself, not the copy of our message a server returns inside it. */
function reportParts(part: MimePart): MimePart[] {
  if (part.type === 'message/rfc822' || part.type === 'message/global') return [part];
  if (part.parts.length && part.type.startsWith('multipart/')) return part.parts.flatMap(reportParts);
  return [part];
}

function returnedMessage(parts: MimePart[]): MimePart | undefined {
  const enclosed = parts.find((part) => part.type === 'message/rfc822' || part.type === 'message/global')?.parts[0];
  if (enclosed) return enclosed;
  const headers = parts.find((part) => part.type === 'text/rfc822-headers');
  return headers ? parseMime(`${headers.text.trim()}\n\n`) : undefined;
}

/**
 * The bounce's own sender and recipient (our bounce address): the report names them, but they did not bounce. Not
 * the returned message's From: someone testing mails themselves, and the report then names that address.
 */
function ownAddresses(root: MimePart): Set<string> {
  const fields = ['from', 'to', 'return-path', 'sender', 'reply-to', 'delivered-to'];
  return new Set(
    fields.flatMap((name) => root.headers.filter(([key]) => key === name).flatMap(([, value]) => addressesIn(value))),
  );
}

function looksLikeBounce(root: MimePart): boolean {
  const subject = decodeEncodedWords(headerOf(root, 'subject') ?? '');
  // Not `Auto-Submitted: auto-replied`: RFC 3834 has bounces carry it too.
  if (AUTO_REPLY.test(subject.trim())) return false;
  return (
    root.type === 'multipart/report' ||
    BOUNCE_SENDER.test(headerOf(root, 'from') ?? '') ||
    BOUNCE_SUBJECT.test(subject) ||
    (headerOf(root, 'return-path') ?? '').trim() === '<>'
  );
}

function readable(part: MimePart): string {
  if (part.type !== 'text/html') return part.text;
  return part.text
    .replace(/<(?:br|p|div|tr|li)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ');
}

/** A DSN entry with a generic or missing code takes the server's words from the human-readable part. */
function sharpen(entry: BounceEntry, fromText: BounceEntry[], human: string): BounceEntry {
  if (entry.diagnostic && !/^\d\.0\.0$/.test(entry.status ?? '')) return entry;
  if (entry.status && !/^\d\.0\.0$/.test(entry.status)) return entry;
  const words =
    fromText.find((text) => text.recipient === entry.recipient)?.diagnostic ??
    human.replace(/\s+/g, ' ').slice(0, 2000);
  const diagnostic = [entry.diagnostic, words].filter(Boolean).join(' ');
  const kind = entry.status?.startsWith('4') ? 'soft' : classifyBounce(entry.status, diagnostic);
  return { ...entry, kind, diagnostic: entry.diagnostic ?? (words.slice(0, 500) || null) };
}

/**
 * A disposition notification (RFC 8098) that says the message was deleted or refused unread, as Dovecot's
 * Sieve/LDA sends for a full mailbox: a bounce in all but name, its reason in the human-readable part.
 */
function readRejection(part: MimePart, human: string): BounceEntry[] {
  const disposition = /^disposition:\s*(.*)$/im.exec(part.text)?.[1] ?? '';
  if (!/deleted|denied|failed|rejected/i.test(disposition)) return [];
  const recipient = addressesIn(/^final-recipient:\s*(.*)$/im.exec(part.text)?.[1] ?? '')[0];
  if (!recipient) return [];
  const diagnostic = human.replace(/\s+/g, ' ').trim().slice(0, 500);
  return [
    {
      recipient,
      kind: classifyBounce(null, diagnostic),
      status: null,
      diagnostic: diagnostic || null,
      source: 'dsn',
      evidence: clipEvidence(`${part.text}\n\n${diagnostic}`),
    },
  ];
}

/** One entry per recipient: the first report of it wins. */
function dedupe(entries: BounceEntry[]): BounceEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.recipient) && seen.add(entry.recipient));
}
