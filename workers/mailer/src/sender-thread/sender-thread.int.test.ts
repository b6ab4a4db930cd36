import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { buildMessage, type RenderedEmail } from '@alerts/email';
import { startTestSmtpServer, type SmtpReply, type TestSmtpServer } from '@alerts/email/testing';
import { SentNotRecordedError, type SentRecord } from '@alerts/send-and-record';
import { startSenderThread, type SenderThread } from './start-sender-thread';

// The real thread (entry.cjs → tsx → sender-thread-main.ts) against a real SMTP server and PostgreSQL.
let t: TestDatabase;
let smtp: TestSmtpServer;
let sender: SenderThread;
let reply: SmtpReply | undefined;

const rendered: RenderedEmail = { subject: 'Test', html: '<p>Hello</p>', text: 'Hello' };
const message = (to: string) =>
  buildMessage({
    to,
    from: { name: 'Alerts', address: 'alerts@alerts.test' },
    rendered,
    unsubscribeUrl: 'http://alerts.test/u/x',
    messageIdDomain: 'alerts.test',
  });
// A typed record, as deliver sends it: the Delivery row is keyed by `key`; `id` is the row's primary key.
const record = (key: string, id = `dlv_${key}`): SentRecord => ({
  deliveryId: id,
  dedupeKey: key,
  subscriberId: null,
  email: `${key}@example.org`,
  kind: 'GOODBYE',
  frequency: null,
  messageId: `<${key}@alerts.test>`,
  sentAt: new Date(),
  matchIds: [],
  items: 0,
});
const logged = async () =>
  (await t.db.delivery.findMany({ where: { status: 'SENT' }, orderBy: { dedupeKey: 'asc' } })).map((d) => d.dedupeKey);

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer({ respond: () => reply });
  sender = await startSenderThread({
    transport: { smtpUrl: smtp.url, maxConnections: 2, maxMessagesPerSecond: false },
    databaseUrl: t.url,
    poolSize: 2,
    applicationName: 'sender-thread-test',
  });
}, 60_000);

afterAll(async () => {
  await sender?.close();
  await smtp?.close();
  await t?.drop();
});

describe('sender thread', () => {
  it('sends, then records the delivery as sent', async () => {
    await sender.sendAndRecord(message('ann@example.org'), record('a'));
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['ann@example.org']]);
    expect(await logged()).toEqual(['a']);
    // The thread's connection names itself as it was told, for pg_stat_activity (and bench:pipeline's CPU by pool).
    const named = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sender-thread-test'`,
    );
    expect(Number(named[0]!.n)).toBe(1);
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
    // Another delivery with 'a''s row id breaks the primary key: sent, not recorded.
    const error = await sender.sendAndRecord(message('dan@example.org'), record('d', 'dlv_a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentNotRecordedError);
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['ann@example.org', 'dan@example.org']);
  });

  it('handles sends in parallel, each recorded once', async () => {
    await Promise.all(['e', 'f', 'g', 'h'].map((id) => sender.sendAndRecord(message(`${id}@example.org`), record(id))));
    expect(await logged()).toEqual(['a', 'e', 'f', 'g', 'h']);
  });

  // What the thread's own connection got, as it reports it when ready: the record statement is planned once per
  // connection only if plan_cache_mode reached it (record-sent-plan.int.test.ts).
  it("reports its connection's settings: none missing as started, and those a URL's options replaced", async () => {
    expect(sender.warnings).toEqual([]);
    const url = new URL(t.url);
    url.searchParams.set('options', '-c plan_cache_mode=auto');
    const replaced = await startSenderThread({
      transport: { smtpUrl: smtp.url },
      databaseUrl: url.toString(),
      poolSize: 1,
      applicationName: 'sender-thread-test',
    });
    try {
      expect(replaced.warnings).toEqual([expect.stringContaining('plan_cache_mode is auto, not force_generic_plan')]);
    } finally {
      await replaced.close();
    }
  });

  it('refuses work once closed', async () => {
    const closing = await startSenderThread({
      transport: { smtpUrl: smtp.url },
      databaseUrl: t.url,
      poolSize: 1,
      applicationName: 'sender-thread-test',
    });
    await closing.close();
    await expect(closing.sendAndRecord(message('x@example.org'), record('x'))).rejects.toThrow(
      /sender thread is closed/,
    );
  });
});
