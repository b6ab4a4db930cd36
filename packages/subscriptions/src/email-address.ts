import { isDeliverableAddress } from '@alerts/email';
import { PipelineError } from './errors';

/**
 * Trimmed and lower-cased, or a PipelineError('INVALID_EMAIL'). The rule is the mailer's own
 * (`isDeliverableAddress` in @alerts/email), so an address accepted here can always be sent to; it also keeps
 * CR/LF, NUL and invisible or bidirectional Unicode out of headers.
 */
export function normaliseEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (!isDeliverableAddress(email))
    throw new PipelineError(
      'INVALID_EMAIL',
      `"${input.slice(0, 80).replace(/[^\x20-\x7e]/g, '?')}" is not an email address`,
      true,
    );
  return email;
}

/** Domains where Gmail delivers: the same mailbox whichever is used. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, for per-mailbox limits: `bomb+1@x.org` and `bomb+2@x.org` are one person's
 * inbox, and at Gmail so are `j.o.hn@gmail.com` and `john@googlemail.com` (Gmail ignores dots and treats both
 * domains as one). Elsewhere dots are significant, so they are kept. `email` is normalised (lower case).
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
