import { randomBytes } from 'node:crypto';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import type { OutgoingMessage } from './mail-transport';

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const QUOTED_MAILBOX = /^"((?:[^"\\]|\\.)*)" <([^<>\s]+)>$/;
const BARE_ADDRESS = /^[^<>\s"]+$/;

/**
 * The raw MIME form of one of our messages: headers, then a multipart/alternative of a base64 text part and a
 * base64 HTML part, lines ending CRLF. Every message we send has this one shape, so it is written directly;
 * nodemailer's general composer (a tree of stream nodes per message) was a seventh of the mailer's CPU. Encoded
 * words and header folding still come from nodemailer's own MIME functions. Returns null for anything outside that
 * shape (an address that is not ASCII), which the caller hands to nodemailer's composer instead.
 */
export function composeMime(message: OutgoingMessage, date: Date = new Date()): Buffer | null {
  const from = mailboxHeader(message.from);
  const to = mailboxHeader(message.to);
  if (from === null || to === null) return null;
  const boundary = `--_pa-${randomBytes(12).toString('hex')}`;
  const lines: string[] = [];
  for (const [key, value] of Object.entries(message.headers)) {
    if (key.toLowerCase() === 'reply-to') {
      const replyTo = mailboxHeader(value);
      if (replyTo === null) return null;
      lines.push(header('Reply-To', replyTo));
    } else {
      lines.push(header(key, ASCII_PRINTABLE.test(value) ? value : encodeWords(value, 'Q', 52)));
    }
  }
  lines.push(
    header('From', from),
    header('To', to),
    header('Subject', ASCII_PRINTABLE.test(message.subject) ? message.subject : encodeWords(message.subject, 'Q', 52)),
    `Message-ID: ${message.messageId}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${boundary}--`,
    '',
  );
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

function header(key: string, value: string): string {
  return foldLines(`${key}: ${value}`, 76).replace(/\r?\n/g, '\r\n');
}

/** `"Name" <address>` or a bare address (as buildMessage formats them) for a header; null for a non-ASCII address. */
function mailboxHeader(formatted: string): string | null {
  if (BARE_ADDRESS.test(formatted)) return ASCII_PRINTABLE.test(formatted) ? formatted : null;
  const match = QUOTED_MAILBOX.exec(formatted);
  if (!match) return null;
  const [, quoted, address] = match as unknown as [string, string, string];
  if (!ASCII_PRINTABLE.test(address)) return null;
  const name = quoted.replace(/\\(.)/g, '$1');
  return ASCII_PRINTABLE.test(name) ? `"${quoted}" <${address}>` : `${encodeWords(name, 'Q', 52)} <${address}>`;
}

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Lines(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76));
  return lines.join('\r\n');
}
