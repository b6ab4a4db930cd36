import { isDeliverableAddress } from '@alerts/email';
import { PipelineError } from './errors';

/**
 * Trimmed and lower-cased, or a PipelineError('INVALID_EMAIL'). The rule is the mailer's own
 * (`isDeliverableAddress` in @alerts/email), so an address accepted here can always be sent to; it also keeps
 * CR/LF, NUL and invisible or bidirectional Unicode out of headers.
 */
export function normaliseEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (!isDeliverableAddress(email)) throw new PipelineError('INVALID_EMAIL', `"${input.slice(0, 80).replace(/[^\x20-\x7e]/g, '?')}" is not an email address`, true);
  return email;
}

/**
 * The mailbox an address delivers to, for per-address limits: `bomb+1@x.org` and `bomb+2@x.org` are one person's
 * inbox. Only the `+tag` is dropped; dots are significant at most providers.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const plus = local.indexOf('+');
  return plus > 0 ? `${local.slice(0, plus)}${email.slice(at)}` : email;
}
