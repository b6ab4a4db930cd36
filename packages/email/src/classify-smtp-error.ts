import { EmailError } from './email-error';

/** What to do about a failed send: retry later, or give up on this recipient. */
export type SmtpErrorKind = 'transient' | 'permanent';

// Network and connection trouble says nothing about the recipient: retry.
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPROTOCOL',
  // A refused login is our configuration, never the recipient's fault: never let it suppress anyone.
  'EAUTH',
  'ENOAUTH',
]);

/**
 * Classify a send failure. SMTP 4xx replies and connection errors are `transient` (retry with backoff); 5xx
 * replies are `permanent` (do not retry; suppress the recipient). An envelope the client itself refused (bad
 * address, no reply code) is permanent too. Anything unrecognised is transient, so an unknown failure never
 * unsubscribes anyone; authentication failures are transient for the same reason.
 */
export function classifySmtpError(error: unknown): SmtpErrorKind {
  if (error instanceof EmailError && (error.code === 'EMAIL_SEND_PERMANENT' || error.code === 'EMAIL_SEND_TRANSIENT')) {
    return error.code === 'EMAIL_SEND_PERMANENT' ? 'permanent' : 'transient';
  }
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof code === 'string' && (code === 'EAUTH' || code === 'ENOAUTH')) return 'transient';
  if (typeof responseCode === 'number') {
    if (responseCode >= 500 && responseCode < 600) return 'permanent';
    if (responseCode >= 400 && responseCode < 500) return 'transient';
  }
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient';
  if (code === 'EENVELOPE') return 'permanent';
  return 'transient';
}

/** Wrap a transport failure in an {@link EmailError} whose code says whether to retry. */
export function toSendError(error: unknown): EmailError {
  if (error instanceof EmailError) return error;
  const kind = classifySmtpError(error);
  const { responseCode, message } = (error ?? {}) as { responseCode?: unknown; message?: unknown };
  return new EmailError(
    kind === 'permanent' ? 'EMAIL_SEND_PERMANENT' : 'EMAIL_SEND_TRANSIENT',
    `Sending failed (${kind}): ${typeof message === 'string' ? message : String(error)}`,
    { cause: error, ...(typeof responseCode === 'number' ? { responseCode } : {}) },
  );
}
