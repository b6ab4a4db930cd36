import { createHash, createPrivateKey, sign } from 'node:crypto';
import type { DkimSettings } from './mail-transport';

/**
 * The headers every signature covers, each over-signed: named in `h=` once more than it occurs, so a relay can add
 * none of them (a second From, a Reply-To, another List-Unsubscribe) without breaking the signature (RFC 6376
 * §8.15). RFC 8058 one-click unsubscribe only counts when `List-Unsubscribe` and `List-Unsubscribe-Post` are covered.
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'To',
  'Cc',
  'Subject',
  'Date',
  'Message-ID',
  'MIME-Version',
  'Content-Type',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'Auto-Submitted',
] as const;

/**
 * Signed as they occur, not over-signed: relays add these legitimately (Amazon SES adds its own `Feedback-ID`), and
 * an over-signed one would then fail the signature.
 */
const DKIM_SIGNED_ONCE_HEADERS = ['Feedback-ID'] as const;

/** Signs one raw message; returns it, lines ending CRLF, with a `DKIM-Signature` header on top. */
export type DkimSigner = (raw: Buffer, now?: Date) => Buffer;

interface HeaderField {
  /** Lower-cased name. */
  name: string;
  /** The whole field as it appears, folding included, without its final CRLF. */
  text: string;
}

/**
 * A DKIM signer (RFC 6376: rsa-sha256, relaxed/relaxed) for `settings`, the key parsed once.
 *
 * Our own rather than nodemailer's `dkim` option because nodemailer's signer cannot over-sign: it puts each name in
 * `h=` at most once and drops names the message lacks, which is exactly the gap a relay would use.
 */
export function createDkimSigner(settings: DkimSettings): DkimSigner {
  const key = createPrivateKey(settings.privateKey);
  const overSigned = DKIM_SIGNED_HEADERS.map((name) => name.toLowerCase());
  const signedOnce = DKIM_SIGNED_ONCE_HEADERS.map((name) => name.toLowerCase());
  return (raw, now = new Date()) => {
    // latin1 maps bytes to characters one to one, so the bytes signed are the bytes sent.
    const message = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
    const split = message.indexOf('\r\n\r\n');
    const headerBlock = split === -1 ? message : message.slice(0, split);
    const body = split === -1 ? '' : message.slice(split + 4);
    const fields = parseHeaderFields(headerBlock);
    const occurrences = (name: string) => fields.filter((field) => field.name === name).length;
    const h = [
      ...overSigned.flatMap((name) => Array(occurrences(name) + 1).fill(name) as string[]),
      ...signedOnce.flatMap((name) => Array(occurrences(name)).fill(name) as string[]),
    ];
    const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
    const tags = [
      'v=1',
      'a=rsa-sha256',
      'c=relaxed/relaxed',
      `d=${settings.domainName}`,
      'q=dns/txt',
      `s=${settings.keySelector}`,
      `t=${Math.floor(now.getTime() / 1000)}`,
      `bh=${bodyHash}`,
      `h=${h.join(':')}`,
    ];
    const unsigned = `${foldTags(`DKIM-Signature: ${tags.join('; ')};`)}\r\n b=`;
    const signedData =
      selectHeaders(fields, h)
        .map((field) => `${relaxedHeader(field.text)}\r\n`)
        .join('') + relaxedHeader(unsigned);
    const signature = sign('sha256', Buffer.from(signedData, 'latin1'), key).toString('base64');
    return Buffer.from(`${unsigned}${signature.replace(/(.{72})(?=.)/g, '$1\r\n ')}\r\n${message}`, 'latin1');
  };
}

function parseHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split('\r\n')) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) last.text += `\r\n${line}`;
    else if (line.includes(':'))
      fields.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), text: line });
  }
  return fields;
}

/** For each name in `h`, the next unused field of that name from the bottom up; a name with none left signs nothing. */
function selectHeaders(fields: HeaderField[], h: string[]): HeaderField[] {
  const used = new Set<HeaderField>();
  const selected: HeaderField[] = [];
  for (const name of h) {
    const field = fields.findLast((candidate) => candidate.name === name && !used.has(candidate));
    if (!field) continue;
    used.add(field);
    selected.push(field);
  }
  return selected;
}

/** RFC 6376 §3.4.2: lower-case name, unfold, runs of WSP to one space, none around the colon or at the end. */
function relaxedHeader(text: string): string {
  const colon = text.indexOf(':');
  const value = text
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${text.slice(0, colon).trim().toLowerCase()}:${value}`;
}

/** RFC 6376 §3.4.4: runs of WSP to one space, none at line ends, no empty lines at the end, CRLF after the last. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** Fold the header at tag boundaries and between the names of `h=` (FWS is allowed there), lines under 78. */
function foldTags(header: string): string {
  const pieces = header.split(/(?<=;) |(?<=:)(?=[a-z])/);
  let line = '';
  const lines: string[] = [];
  for (const piece of pieces) {
    if (line && line.length + piece.length + 1 > 76) {
      lines.push(line);
      line = ` ${piece}`;
    } else {
      line = line ? `${line}${line.endsWith(';') ? ' ' : ''}${piece}` : piece;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}
