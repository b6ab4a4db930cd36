import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { createDkimSigner } from './create-dkim-signer';
import type { DkimSettings, MailTransport } from './mail-transport';
import type { StoredMessage } from './read-mailbox';
import { toNodemailer } from './to-nodemailer';

/** Options of {@link createDevMailboxTransport}. */
export interface DevMailboxOptions {
  /** Folder for the messages. Default `.dev-mailbox` (relative to the working directory). */
  dir?: string;
  dkim?: DkimSettings;
}

/**
 * The transport for development when no SMTP relay is configured: each message becomes `ID.eml` (the exact bytes
 * SMTP would carry) and `ID.json` (fields for the web app's mailbox page) in `dir`. Read them back with
 * `listMailbox` and `readMailboxMessage`. Nothing leaves the machine.
 */
export function createDevMailboxTransport(options: DevMailboxOptions = {}): MailTransport {
  const dir = path.resolve(options.dir ?? '.dev-mailbox');
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const signDkim = options.dkim ? createDkimSigner(options.dkim) : undefined;
  return {
    async send(message) {
      const info = await composer.sendMail(toNodemailer(message));
      // Signed, the stored bytes end lines in CRLF as SMTP would carry them.
      const raw = signDkim ? signDkim(info.message as Buffer) : (info.message as Buffer);
      await mkdir(dir, { recursive: true });
      // Time first so names sort oldest → newest; random suffix so parallel sends never collide.
      const id = `${Date.now().toString().padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
      const stored: StoredMessage = {
        id,
        messageId: message.messageId,
        date: new Date().toISOString(),
        from: message.from,
        to: message.to,
        envelope: message.envelope,
        subject: message.subject,
        headers: message.headers,
        html: message.html,
        text: message.text,
      };
      await writeFile(path.join(dir, `${id}.eml`), raw);
      await writeFile(path.join(dir, `${id}.json`), `${JSON.stringify(stored, null, 2)}\n`);
      return { messageId: message.messageId, accepted: [message.envelope.to], rejected: [], response: `stored ${id}` };
    },
    async close() {
      composer.close();
    },
  };
}
