/**
 * Every failure this package reports on purpose. Callers branch on `code`, never on the message.
 *
 * - `EMAIL_DATA_INVALID`: template data failed its schema; `path` names the first bad field.
 * - `EMAIL_TEMPLATE_UNKNOWN`: no template of that name.
 * - `EMAIL_TEMPLATE_INVALID`: an MJML source failed to compile (a bug in `src/emails/` or `templates/`, not in data).
 * - `EMAIL_HEADER_INVALID`: an address or URL meant for a header is malformed or tries to inject a header.
 * - `EMAIL_SEND_TRANSIENT`: the send failed but may succeed later (4xx, connection trouble): retry with backoff.
 * - `EMAIL_SEND_PERMANENT`: the server refused for good (5xx): do not retry; suppress the recipient.
 * - `EMAIL_MAILBOX_ID_INVALID`: a dev-mailbox message id that is not one we could have written.
 */
export type EmailErrorCode =
  | 'EMAIL_DATA_INVALID'
  | 'EMAIL_TEMPLATE_UNKNOWN'
  | 'EMAIL_TEMPLATE_INVALID'
  | 'EMAIL_HEADER_INVALID'
  | 'EMAIL_SEND_TRANSIENT'
  | 'EMAIL_SEND_PERMANENT'
  | 'EMAIL_MAILBOX_ID_INVALID';

/** Extra facts carried by an {@link EmailError}. */
export interface EmailErrorDetails {
  /** Dotted path of the offending field, for `EMAIL_DATA_INVALID` (e.g. `alerts.0.questions.2.url`). */
  path?: string;
  /** SMTP reply code, for send errors (e.g. 450, 550). */
  responseCode?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** The one error type this package throws on purpose; see {@link EmailErrorCode}. */
export class EmailError extends Error {
  override readonly name = 'EmailError';
  readonly code: EmailErrorCode;
  readonly path: string | undefined;
  readonly responseCode: number | undefined;

  constructor(code: EmailErrorCode, message: string, details: EmailErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.path = details.path;
    this.responseCode = details.responseCode;
  }

  /** True for send failures worth retrying; the pipeline lets these retry with backoff. */
  get isTransient(): boolean {
    return this.code === 'EMAIL_SEND_TRANSIENT';
  }
}

/** Narrowing helper: `isEmailError(e, 'EMAIL_SEND_PERMANENT')`. */
export function isEmailError(error: unknown, code?: EmailErrorCode): error is EmailError {
  return error instanceof EmailError && (code === undefined || error.code === code);
}
