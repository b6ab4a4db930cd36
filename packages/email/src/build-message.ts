import { randomUUID } from 'node:crypto';
import { cleanHeaderText, hasControlCharacters } from './clean-header-text';
import type { RenderedEmail } from './create-renderer';
import { EmailError } from './email-error';
import type { OutgoingMessage } from './mail-transport';

/** A mailbox: a bare address or an address with a display name. */
export type Mailbox = string | { name?: string; address: string };

/** Options of {@link buildMessage}. */
export interface BuildMessageOptions {
  to: Mailbox;
  from: Mailbox;
  /**
   * SMTP envelope sender (bounce address). A function of the recipient address, or a string in which
   * `{recipient}` becomes the VERP-encoded recipient (`bounces+{recipient}@example.org` →
   * `bounces+ann=example.com@example.org`). Default: the From address.
   */
  envelopeFrom?: string | ((recipient: string) => string);
  rendered: RenderedEmail;
  /** The one-click unsubscribe URL (RFC 8058 POSTs to it); http(s). */
  unsubscribeUrl: string;
  /** A `mailto:` unsubscribe address, for clients that do not do one-click. */
  unsubscribeMailto?: string;
  /** Right-hand side of Message-ID, e.g. `alerts.example.org`. */
  messageIdDomain: string;
  /**
   * Left-hand side of Message-ID, e.g. a delivery id, so a message can be traced to its record and a resend
   * recognised. Letters, digits, `.`, `_` and `-`. Default: a random UUID.
   */
  messageIdLocalPart?: string;
  replyTo?: Mailbox;
  /**
   * The list's identifier for `List-Id` (RFC 2919), a dot-atom under a domain we own, e.g. `alerts.example.org`;
   * receivers group, filter and rate the mail by it. Default `alerts.` + `messageIdDomain`.
   */
  listId?: string;
  /**
   * What kind of email this is (`confirmation`, `digest-daily`, …), the first field of `Feedback-ID`; Gmail's
   * feedback loop reports complaint rates per value. Letters, digits, `.`, `_` and `-`. Default `email`.
   */
  feedbackKind?: string;
}

const ADDRESS =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const LOCAL_PART = /^[A-Za-z0-9._-]{1,128}$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const FEEDBACK_FIELD = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Assemble a message with deliverability headers: `List-Unsubscribe` (one-click URL and optional mailto),
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), `List-Id` (RFC 2919), `Feedback-ID`
 * (`kind:list-id`, for Gmail's feedback loop), `Message-ID`, `Auto-Submitted: auto-generated`, and an envelope
 * sender. Display names and the subject lose any CR/LF (header injection);
 * addresses, URLs and domains holding CR/LF or other oddities are refused.
 *
 * @throws EmailError `EMAIL_HEADER_INVALID` naming the bad option.
 */
export function buildMessage(options: BuildMessageOptions): OutgoingMessage {
  const to = mailbox(options.to, 'to');
  const from = mailbox(options.from, 'from');
  const envelopeFrom = bareAddress(envelopeSender(options.envelopeFrom, to.address, from.address), 'envelopeFrom');
  const listUnsubscribe = [`<${httpUrl(options.unsubscribeUrl, 'unsubscribeUrl')}>`];
  if (options.unsubscribeMailto !== undefined) listUnsubscribe.push(`<${mailto(options.unsubscribeMailto)}>`);
  if (!DOMAIN.test(options.messageIdDomain)) throw invalid('messageIdDomain', 'is not a domain name');
  const listId = options.listId ?? `alerts.${options.messageIdDomain}`;
  if (!DOMAIN.test(listId) || !listId.includes('.'))
    throw invalid('listId', 'is not a dotted name such as alerts.example.org');
  const feedbackKind = options.feedbackKind ?? 'email';
  if (!FEEDBACK_FIELD.test(feedbackKind))
    throw invalid('feedbackKind', 'may hold only letters, digits, ".", "_" and "-"');
  const headers: Record<string, string> = {
    // The name only when ASCII: an encoded word would swallow the <id> with it.
    'List-Id': from.name && /^[\x20-\x7e]+$/.test(from.name) ? `${formatPhrase(from.name)} <${listId}>` : `<${listId}>`,
    'Feedback-ID': `${feedbackKind}:${listId}`,
    'List-Unsubscribe': listUnsubscribe.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
    // Stops Exchange auto-replies ("out of office") coming back to the bounce address.
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
  };
  if (options.replyTo !== undefined) headers['Reply-To'] = formatMailbox(mailbox(options.replyTo, 'replyTo'));
  const localPart = options.messageIdLocalPart ?? randomUUID();
  if (!LOCAL_PART.test(localPart))
    throw invalid('messageIdLocalPart', 'may hold only letters, digits, ".", "_" and "-"');
  return {
    from: formatMailbox(from),
    to: formatMailbox(to),
    subject: cleanHeaderText(options.rendered.subject, 200),
    html: options.rendered.html,
    text: options.rendered.text,
    messageId: `<${localPart}@${options.messageIdDomain}>`,
    envelope: { from: envelopeFrom, to: to.address },
    headers,
  };
}

/** VERP form of an address: `ann@example.com` → `ann=example.com`. */
export function verpEncode(address: string): string {
  return address.replace('@', '=');
}

/**
 * The inverse of the envelope sender template: for an address a bounce was sent to, whether it is our bounce address
 * (`template` with `{recipient}`, or the template itself when it has none), and the recipient VERP-encoded in it.
 * Case-insensitive; `bounces+ann=example.com@example.org` with `bounces+{recipient}@example.org` gives
 * `{ ours: true, recipient: 'ann@example.com' }`. The recipient's own `=` signs survive: the last one is the `@`.
 */
export function verpDecode(template: string, address: string): { ours: boolean; recipient?: string } {
  const at = template.indexOf('{recipient}');
  const lower = address.trim().toLowerCase();
  if (at === -1) return { ours: lower === template.toLowerCase() };
  const prefix = template.slice(0, at).toLowerCase();
  const suffix = template.slice(at + '{recipient}'.length).toLowerCase();
  if (lower.length <= prefix.length + suffix.length || !lower.startsWith(prefix) || !lower.endsWith(suffix))
    return { ours: false };
  const encoded = lower.slice(prefix.length, lower.length - suffix.length);
  const equals = encoded.lastIndexOf('=');
  if (equals <= 0 || equals === encoded.length - 1 || encoded.includes('@')) return { ours: true };
  return { ours: true, recipient: `${encoded.slice(0, equals)}@${encoded.slice(equals + 1)}` };
}

function envelopeSender(option: BuildMessageOptions['envelopeFrom'], recipient: string, fromAddress: string): string {
  if (option === undefined) return fromAddress;
  if (typeof option === 'function') return option(recipient);
  return option.replace('{recipient}', verpEncode(recipient));
}

function mailbox(value: Mailbox, field: string): { name: string | undefined; address: string } {
  const { name, address } = typeof value === 'string' ? { name: undefined, address: value } : value;
  const cleanName = name === undefined ? undefined : cleanHeaderText(name, 100) || undefined;
  return { name: cleanName, address: bareAddress(address, field) };
}

function bareAddress(address: string, field: string): string {
  if (hasControlCharacters(address) || !ADDRESS.test(address) || address.length > 254) {
    throw invalid(field, 'is not a plain email address');
  }
  return address;
}

function formatMailbox({ name, address }: { name: string | undefined; address: string }): string {
  if (!name) return address;
  return `${formatPhrase(name)} <${address}>`;
}

/** A display name as a quoted string: backslash-escape the two characters that could end it early. */
function formatPhrase(name: string): string {
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}

function httpUrl(value: string, field: string): string {
  if (hasControlCharacters(value)) throw invalid(field, 'contains a line break or control character');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(field, 'must be an http(s) URL');
  // `href` percent-encodes spaces and angle brackets, so it cannot close the <…> early.
  return url.href;
}

function mailto(value: string): string {
  if (hasControlCharacters(value) || !/^mailto:[^\s<>]+$/i.test(value)) {
    throw invalid('unsubscribeMailto', 'must be a mailto: URL without spaces or angle brackets');
  }
  return value;
}

function invalid(field: string, problem: string): EmailError {
  return new EmailError('EMAIL_HEADER_INVALID', `buildMessage: ${field} ${problem}`, { path: field });
}
