import { createSqlPool } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { buildMessage, createSmtpTransport, type MailTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { createSendAndRecord, SentNotRecordedError, type SentRecord, type SqlPool } from '@alerts/send-and-record';
import { addSubscription } from '@alerts/subscriptions';

// Group commit of accepted messages (send-and-record's record-in-groups.ts), through createSendAndRecord as the
// mailer's sender thread runs it, against a real SMTP server and PostgreSQL.

let t: TestDatabase;
let smtp: TestSmtpServer;
let transport: MailTransport;
let pool: ReturnType<typeof createSqlPool>;
/** The name of every statement sent over the pool's connections, in order. */
let statements: string[];
let counted: SqlPool;

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  transport = createSmtpTransport({ smtpUrl: smtp.url, maxConnections: 4, maxMessagesPerSecond: false });
  pool = createSqlPool({ url: t.url, poolSize: 16 });
  statements = [];
  counted = {
    async connect() {
      const connection = await pool.connect();
      return {
        query: (statement: { name?: string; text: string; values?: unknown[] }) => {
          statements.push(statement.name ?? statement.text);
          return connection.query(statement);
        },
        release: (error?: Error | boolean) => connection.release(error),
      };
    },
  };
});
afterEach(async () => {
  await transport.close();
  await pool.end();
  await smtp.close();
  await t.drop();
});

/**
 * The real transport, but each send's promise resolves only once `open()` is called, in the order of `recipients`:
 * every message is then accepted before any is recorded, and their records arrive in one turn in that order, the
 * first alone and the rest while it is in flight, as the grouping is meant to find them.
 */
function gatedTransport(recipients: string[]) {
  const gates = new Map(
    recipients.map((to) => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      return [to, { gate, open }] as const;
    }),
  );
  const gated: MailTransport = {
    ...transport,
    send: async (outgoing) => {
      const result = await transport.send(outgoing);
      await gates.get(outgoing.envelope.to)!.gate;
      return result;
    },
  };
  return { gated, open: () => recipients.forEach((to) => gates.get(to)!.open()) };
}

async function untilAccepted(count: number) {
  while (smtp.messages.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
}

const message = (to: string) =>
  buildMessage({
    to,
    from: { name: 'Alerts', address: 'alerts@alerts.test' },
    rendered: { subject: 'New answers', html: '<p>New answers</p>', text: 'New answers' },
    unsubscribeUrl: 'http://alerts.test/u/x',
    messageIdDomain: 'alerts.test',
  });

/** Each subscriber's alert with `count` matches already claimed by its immediate email `delivery-<n>`. */
async function subscribersWithClaimedMatches(n: number, count: number) {
  const made: { subscriberId: string; deliveryId: string; email: string; matchIds: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `reader${i}@example.org`;
    const { subscriber, subscription } = await addSubscription(t.db, { email, query: 'schools', confirmed: true });
    const deliveryId = `delivery-${i}`;
    const rows = await t.db.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
       SELECT $1, ARRAY[q], $2 FROM generate_series(1, $3::int) q RETURNING id`,
      subscription.id,
      deliveryId,
      count,
    );
    made.push({ subscriberId: subscriber.id, deliveryId, email, matchIds: rows.map((r) => r.id.toString()) });
  }
  return made;
}

const recordOf = (s: { subscriberId: string; deliveryId: string; email: string; matchIds: string[] }): SentRecord => ({
  deliveryId: s.deliveryId,
  dedupeKey: `immediate:${s.deliveryId}`,
  subscriberId: s.subscriberId,
  email: s.email,
  kind: 'IMMEDIATE',
  frequency: 'IMMEDIATE',
  messageId: `<${s.deliveryId}@alerts.test>`,
  sentAt: new Date(),
  matchIds: s.matchIds,
  items: s.matchIds.length,
});

it('records the emails accepted while a statement is in flight together, each with exactly its own matches', async () => {
  const subscribers = await subscribersWithClaimedMatches(12, 3);
  // The last one had claimed a fourth match whose alert was paused since: it is released, not delivered.
  const paused = subscribers[11]!.matchIds.pop()!;
  const { gated, open } = gatedTransport(subscribers.map((s) => s.email));
  const sendAndRecord = createSendAndRecord(gated, counted);
  const sent = Promise.all(
    subscribers.map((s, i) =>
      sendAndRecord(message(s.email), { ...recordOf(s), ...(i === 11 ? { releaseIds: [paused] } : {}) }),
    ),
  );
  await untilAccepted(12);
  open();
  await sent;

  // The first alone, the eleven accepted meanwhile in one statement.
  expect(statements.filter((name) => name.startsWith('delivery-record'))).toEqual([
    'delivery-record-sent',
    'delivery-record-sent-group',
  ]);
  const deliveries = await t.db.delivery.findMany({ orderBy: { createdAt: 'asc' } });
  expect(deliveries.map((d) => d.id).sort()).toEqual(subscribers.map((s) => s.deliveryId).sort());
  for (const d of deliveries)
    expect(d).toMatchObject({
      status: 'SENT',
      itemCount: subscribers.find((s) => s.deliveryId === d.id)!.matchIds.length,
      attempts: 1,
    });
  const matches = await t.db.match.findMany({ orderBy: { id: 'asc' } });
  for (const s of subscribers)
    for (const id of s.matchIds)
      expect(matches.find((m) => m.id.toString() === id)).toMatchObject({
        deliveryId: s.deliveryId,
        deliveredAt: expect.any(Date) as unknown,
      });
  expect(matches.find((m) => m.id.toString() === paused)).toMatchObject({ deliveryId: null, deliveredAt: null });
});

it('a record PostgreSQL refuses fails only its own email; the others of its group are recorded', async () => {
  const subscribers = await subscribersWithClaimedMatches(6, 2);
  const { gated, open } = gatedTransport(subscribers.map((s) => s.email));
  const sendAndRecord = createSendAndRecord(gated, counted);
  const settled = Promise.allSettled(
    subscribers.map((s, i) =>
      // Not a delivery kind PostgreSQL knows: the group's statement fails on it.
      sendAndRecord(message(s.email), { ...recordOf(s), ...(i === 3 ? { kind: 'BOGUS' as SentRecord['kind'] } : {}) }),
    ),
  );
  await untilAccepted(6);
  open();
  const outcomes = await settled;

  expect(outcomes.map((o) => o.status)).toEqual([
    'fulfilled',
    'fulfilled',
    'fulfilled',
    'rejected',
    'fulfilled',
    'fulfilled',
  ]);
  expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(SentNotRecordedError);
  // The first alone; the five accepted meanwhile together, which failed; then each of those five alone.
  expect(statements.filter((name) => name.startsWith('delivery-record'))).toEqual([
    'delivery-record-sent',
    'delivery-record-sent-group',
    ...Array<string>(5).fill('delivery-record-sent'),
  ]);
  const sent = await t.db.delivery.findMany({ where: { status: 'SENT' }, orderBy: { id: 'asc' } });
  expect(sent.map((d) => d.id)).toEqual(['delivery-0', 'delivery-1', 'delivery-2', 'delivery-4', 'delivery-5']);
  expect(await t.db.match.count({ where: { deliveredAt: { not: null } } })).toBe(10);
});

it('sends nothing when no connection can be had to record it', async () => {
  const [s] = await subscribersWithClaimedMatches(1, 1);
  const down: SqlPool = { connect: () => Promise.reject(new Error('connection refused')) };
  await expect(createSendAndRecord(transport, down)(message(s!.email), recordOf(s!))).rejects.toThrow(
    'connection refused',
  );
  expect(smtp.messages).toHaveLength(0);
});
