import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { buildMessage, type RenderedEmail } from '@alerts/email';
import { startTestSmtpServer, type SmtpReply, type TestSmtpServer } from '@alerts/email/testing';
import { SentNotRecordedError } from '@alerts/pipeline';
import { startSenderThread, type SenderThread } from './start-sender-thread';

// The real thread (entry.cjs → tsx → sender-thread-main.ts) against a real SMTP server and PostgreSQL.
let t: TestDatabase;
let smtp: TestSmtpServer;
let sender: SenderThread;
let reply: SmtpReply | undefined;

const rendered: RenderedEmail = { subject: 'Test', html: '<p>Hello</p>', text: 'Hello' };
const message = (to: string) =>
  buildMessage({ to, from: { name: 'Alerts', address: 'alerts@alerts.test' }, rendered, unsubscribeUrl: 'http://alerts.test/u/x', messageIdDomain: 'alerts.test' });
const record = (id: string) => ({ name: 'sent-log', text: 'INSERT INTO sent_log (id) VALUES ($1)', values: [id] });
const logged = async () => (await t.db.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM sent_log ORDER BY id')).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.$executeRawUnsafe('CREATE TABLE sent_log (id text PRIMARY KEY)');
  smtp = await startTestSmtpServer({ respond: () => reply });
  sender = await startSenderThread({ transport: { smtpUrl: smtp.url, maxConnections: 2, maxMessagesPerSecond: false }, databaseUrl: t.url, poolSize: 2 });
}, 60_000);

afterAll(async () => {
  await sender?.close();
  await smtp?.close();
  await t?.drop();
});

describe('sender thread', () => {
  it('sends, then runs the record statement', async () => {
    await sender.sendAndRecord(message('ann@example.org'), record('a'));
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['ann@example.org']]);
    expect(await logged()).toEqual(['a']);
  });

  it('reports a 4xx as a transient EmailError and records nothing', async () => {
    reply = { code: 451, message: '4.7.1 Try again later' };
    const error = await sender.sendAndRecord(message('bob@example.org'), record('b')).catch((e: unknown) => e);
    reply = undefined;
    expect(error).toMatchObject({ name: 'EmailError', code: 'EMAIL_SEND_TRANSIENT' });
    expect(await logged()).toEqual(['a']);
  });

  it('reports a 5xx as a permanent EmailError', async () => {
    reply = { code: 550, message: '5.1.1 No such user' };
    const error = await sender.sendAndRecord(message('cat@example.org'), record('c')).catch((e: unknown) => e);
    reply = undefined;
    expect(error).toMatchObject({ name: 'EmailError', code: 'EMAIL_SEND_PERMANENT', responseCode: 550 });
    expect(await logged()).toEqual(['a']);
  });

  it('says so when the server took the message but the statement failed', async () => {
    // 'a' again breaks the primary key: sent, not recorded.
    const error = await sender.sendAndRecord(message('dan@example.org'), record('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentNotRecordedError);
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['ann@example.org', 'dan@example.org']);
  });

  it('handles sends in parallel, each recorded once', async () => {
    await Promise.all(['e', 'f', 'g', 'h'].map((id) => sender.sendAndRecord(message(`${id}@example.org`), record(id))));
    expect(await logged()).toEqual(['a', 'e', 'f', 'g', 'h']);
  });

  it('refuses work once closed', async () => {
    const closing = await startSenderThread({ transport: { smtpUrl: smtp.url }, databaseUrl: t.url, poolSize: 1 });
    await closing.close();
    await expect(closing.sendAndRecord(message('x@example.org'), record('x'))).rejects.toThrow(/sender thread is closed/);
  });
});
