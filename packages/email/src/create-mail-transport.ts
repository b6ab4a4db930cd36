import { createDevMailboxTransport } from './dev-mailbox-transport';
import type { DkimSettings, MailTransport } from './mail-transport';
import { createSmtpTransport, type SmtpTransportOptions } from './smtp-transport';

/** Options of {@link createMailTransport}. */
export interface MailTransportOptions extends Partial<Omit<SmtpTransportOptions, 'dkim'>> {
  /** Folder of the dev mailbox, used when `smtpUrl` is absent. Default `.dev-mailbox`. */
  devMailboxDir?: string;
  dkim?: DkimSettings;
}

/** SMTP when `smtpUrl` is set (the app passes its `SMTP_URL`), otherwise the dev mailbox. */
export function createMailTransport(options: MailTransportOptions = {}): MailTransport {
  const { smtpUrl, devMailboxDir, dkim, ...smtp } = options;
  if (smtpUrl) return createSmtpTransport({ ...smtp, smtpUrl, ...(dkim ? { dkim } : {}) });
  return createDevMailboxTransport({ ...(devMailboxDir ? { dir: devMailboxDir } : {}), ...(dkim ? { dkim } : {}) });
}
