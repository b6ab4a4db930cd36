import type { DKIMOptions } from 'nodemailer';
import type { DkimSettings } from './mail-transport';

/**
 * The headers we sign. RFC 8058 one-click unsubscribe only counts when the signature covers both
 * `List-Unsubscribe` and `List-Unsubscribe-Post`; nodemailer's default list long lacked the latter, so we
 * never rely on the default.
 */
export const DKIM_SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Id', 'Auto-Submitted',
] as const;

/** nodemailer `dkim` options for `settings`, signing {@link DKIM_SIGNED_HEADERS}. */
export function dkimOptions(settings: DkimSettings): DKIMOptions {
  return {
    domainName: settings.domainName,
    keySelector: settings.keySelector,
    privateKey: settings.privateKey,
    headerFieldNames: DKIM_SIGNED_HEADERS.join(':'),
  };
}
