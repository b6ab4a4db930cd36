import { addressesIn } from './address-in';
import type { BounceEntry } from './bounce-entry';
import { classifyBounce } from './classify-bounce';
import { decodeEncodedWords } from './decode-encoded-words';
import { headerOf, parseMime, type MimePart } from './parse-mime';
import { readDeliveryStatus } from './read-delivery-status';
import { readFeedbackReport } from './read-feedback-report';
import { readPlainTextBounce } from './read-plain-text-bounce';
import { UnreadableMessageError } from './unreadable-message-error';

const BOUNCE_SENDER = /mailer-daemon|mail-daemon|postmaster|mail delivery|delivery subsystem|mailadmin|system administrator|mmdf|smtp32|mail administrator|mail system|microsoftexchange|bounce/i;
const BOUNCE_SUBJECT = /undeliver|undelivered|delivery (?:status|failure|failed|problem|notification|report)|failure notice|returned mail|mail delivery|could not be delivered|non[- ]?delivery|delivery has failed|bounce|rejected|nondeliverable|mail system error|error sending|not delivered|unknown user|user unknown|delivery report|warning: could not send|utilisateur non/i;
const AUTO_REPLY = /^(?:auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|vacation|abwesenheit|absence|away from)/i;

/**
 * The bounced recipients and complainants in one raw message: RFC 3464 delivery status notifications, ARF
 * complaint reports (RFC 5965), and the plain-text bounces of servers that send neither. Returns one entry per
 * recipient (none for a message that is no bounce: an auto-reply, a delivery success, ordinary mail).
 *
 * @throws UnreadableMessageError when `raw` is not an email message at all.
 */
export function parseBounce(raw: string | Buffer): BounceEntry[] {
  // latin1 maps every byte to a character: no message is unreadable for its encoding, and addresses are ASCII.
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  if (!/^(?:>?From [^\n]*\n)?[A-Za-z0-9-]+:[^\n]*(?:\r?\n[ \t][^\n]*)*\r?\n[\s\S]*?[A-Za-z0-9-]+:/.test(text.replace(/^\uFEFF/, ''))) {
    throw new UnreadableMessageError('not an email message: it does not start with header fields');
  }
  const root = parseMime(text.replace(/^\uFEFF/, '').replace(/^>?From [^\n]*\n/, ''));
  const parts = reportParts(root);

  const feedback = parts.find((part) => part.type === 'message/feedback-report');
  if (feedback) return readFeedbackReport(feedback, returnedMessage(parts));

  const ignore = ownAddresses(root);
  const human = parts.filter((part) => part.type.startsWith('text/') && part.type !== 'text/rfc822-headers').map(readable).join('\n\n');
  const fromText = readPlainTextBounce(human, ignore);
  const fromDsn = parts.filter((part) => /^message\/(?:global-)?delivery-status$/.test(part.type)).flatMap((part) => readDeliveryStatus(part.text));
  if (fromDsn.length) return dedupe(fromDsn.map((entry) => sharpen(entry, fromText, human)));
  const fromMdn = parts.filter((part) => part.type === 'message/disposition-notification').flatMap((part) => readRejection(part, human));
  if (fromMdn.length) return dedupe(fromMdn);
  if (!looksLikeBounce(root)) return [];
  return dedupe(fromText);
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
  return new Set(fields.flatMap((name) => root.headers.filter(([key]) => key === name).flatMap(([, value]) => addressesIn(value))));
}

function looksLikeBounce(root: MimePart): boolean {
  const subject = decodeEncodedWords(headerOf(root, 'subject') ?? '');
  // Not `Auto-Submitted: auto-replied`: RFC 3834 has bounces carry it too.
  if (AUTO_REPLY.test(subject.trim())) return false;
  return root.type === 'multipart/report' || BOUNCE_SENDER.test(headerOf(root, 'from') ?? '') || BOUNCE_SUBJECT.test(subject) || (headerOf(root, 'return-path') ?? '').trim() === '<>';
}

function readable(part: MimePart): string {
  if (part.type !== 'text/html') return part.text;
  return part.text.replace(/<(?:br|p|div|tr|li)[^>]*>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&nbsp;/g, ' ');
}

/** A DSN entry with a generic or missing code takes the server's words from the human-readable part. */
function sharpen(entry: BounceEntry, fromText: BounceEntry[], human: string): BounceEntry {
  if (entry.diagnostic && !/^\d\.0\.0$/.test(entry.status ?? '')) return entry;
  if (entry.status && !/^\d\.0\.0$/.test(entry.status)) return entry;
  const words = fromText.find((text) => text.recipient === entry.recipient)?.diagnostic ?? human.replace(/\s+/g, ' ').slice(0, 2000);
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
  return [{ recipient, kind: classifyBounce(null, diagnostic), status: null, diagnostic: diagnostic || null, source: 'dsn' }];
}

/** One entry per recipient: the first report of it wins. */
function dedupe(entries: BounceEntry[]): BounceEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.recipient) && seen.add(entry.recipient));
}
