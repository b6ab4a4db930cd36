import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { buildMessage } from './build-message';
import { createDevMailboxTransport } from './dev-mailbox-transport';
import { listMailbox, readMailboxMessage } from './read-mailbox';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'alerts-mailbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const message = (subject: string) =>
  buildMessage({
    to: 'ann@example.com',
    from: { name: 'Parliament Alerts', address: 'alerts@example.org' },
    rendered: { subject, html: '<p>Hello <strong>Ann</strong></p>', text: 'Hello Ann\n' },
    unsubscribeUrl: 'http://localhost:3000/unsubscribe?token=t',
    messageIdDomain: 'localhost',
  });

describe('dev mailbox', () => {
  it('stores a JSON and an .eml per message and lists them newest first', async () => {
    const transport = createDevMailboxTransport({ dir });
    const first = await transport.send(message('First'));
    await transport.send(message('Second'));
    await transport.close();
    expect(first.accepted).toEqual(['ann@example.com']);
    expect((await readdir(dir)).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    const entries = await listMailbox(dir);
    expect(entries.map((e) => e.subject).sort()).toEqual(['First', 'Second']);
    const stored = await readMailboxMessage(dir, entries.find((e) => e.subject === 'First')!.id);
    expect(stored).toMatchObject({ subject: 'First', messageId: first.messageId, text: 'Hello Ann\n' });
    const parsed = await simpleParser(stored!.raw);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.html).toContain('<strong>Ann</strong>');
    expect(parsed.text?.trim()).toBe('Hello Ann');
  });

  it('refuses ids that could escape the folder and returns null for unknown ones', async () => {
    for (const id of ['../secret', '/etc/passwd', '..', '00000000000000-zzzzzzzz', '']) {
      await expect(readMailboxMessage(dir, id)).rejects.toMatchObject({ code: 'EMAIL_MAILBOX_ID_INVALID' });
    }
    await expect(readMailboxMessage(dir, '01700000000000-0123abcd')).resolves.toBeNull();
    await expect(listMailbox(path.join(dir, 'missing'))).resolves.toEqual([]);
  });
});
