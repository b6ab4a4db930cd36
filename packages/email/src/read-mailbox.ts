import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { EmailError } from './email-error';

/** One message in the dev mailbox (`ID.json`). */
export interface StoredMessage {
  id: string;
  messageId: string;
  /** ISO time it was stored. */
  date: string;
  from: string;
  to: string;
  envelope: { from: string; to: string };
  subject: string;
  headers: Record<string, string>;
  html: string;
  text: string;
}

/** A line of the mailbox listing. */
export type MailboxEntry = Pick<StoredMessage, 'id' | 'date' | 'from' | 'to' | 'subject'>;

// Exactly the ids createDevMailboxTransport writes, so "../" or an absolute path can never reach the file system.
const ID = /^\d{14}-[0-9a-f]{8}$/;

/** The messages in `dir`, newest first; an empty list when the folder does not exist yet. */
export async function listMailbox(dir: string): Promise<MailboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -5))
    .filter((id) => ID.test(id));
  const entries = await Promise.all(
    ids
      .sort()
      .reverse()
      .map(async (id) => {
        const { date, from, to, subject } = JSON.parse(
          await readFile(path.join(dir, `${id}.json`), 'utf8'),
        ) as StoredMessage;
        return { id, date, from, to, subject };
      }),
  );
  return entries;
}

/**
 * One message with its raw `.eml`, or `null` when there is none with that id.
 *
 * @throws EmailError `EMAIL_MAILBOX_ID_INVALID` for an id we could not have written (path traversal attempts).
 */
export async function readMailboxMessage(dir: string, id: string): Promise<(StoredMessage & { raw: string }) | null> {
  if (!ID.test(id))
    throw new EmailError('EMAIL_MAILBOX_ID_INVALID', `Not a mailbox message id: ${JSON.stringify(id.slice(0, 40))}`);
  try {
    const [json, raw] = await Promise.all([
      readFile(path.join(dir, `${id}.json`), 'utf8'),
      readFile(path.join(dir, `${id}.eml`), 'utf8'),
    ]);
    return { ...(JSON.parse(json) as StoredMessage), raw };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
