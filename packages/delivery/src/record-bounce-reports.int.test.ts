import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import type { BounceReport } from './bounce-reports';
import { liftSuppression, recordBounceReports, recordDeliveries } from './record-bounce-reports';
import { addSubscription } from '@alerts/subscriptions';

// Acting on bounces and complaints, on the real PostgreSQL. (Through the bouncer over SMTP and the SES webhook:
// workers/bouncer/src/bouncer.int.test.ts and apps/web/src/webhooks/ses-webhook.int.test.ts.)

let t: TestDatabase;
const policy = { limit: 3, minSpanMs: 72 * 3600_000, windowMs: 30 * 86_400_000 };
const HOUR = 3600_000;
const start = new Date('2026-12-01T09:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
let serial = 0;
const report = (email: string, kind: BounceReport['kind'], extra: Partial<BounceReport> = {}): BounceReport => ({
  email,
  kind,
  channel: 'smtp',
  format: 'dsn',
  status: kind === 'hard' ? '5.1.1' : kind === 'soft' ? '4.2.2' : null,
  diagnostic: kind === 'complaint' ? 'Feedback-Type: abuse' : 'mailbox says no',
  evidence: `Action: failed\nFinal-Recipient: rfc822; ${email}`,
  dedupeKey: `test:${serial++}`,
  ...extra,
});
const record = (reports: BounceReport[], now = start) => recordBounceReports(t.db, reports, { policy, now });

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

describe('recordBounceReports', () => {
  it('a hard bounce suppresses at once, naming its reason and linking its evidence; the alerts stay', async () => {
    await addSubscription(t.db, { email: 'ann@example.com', query: 'schools', confirmed: true });
    expect(await record([report('ann@example.com', 'hard')])).toEqual([
      { email: 'ann@example.com', kind: 'hard', action: 'suppressed', unsubscribed: false },
    ]);
    const suppression = await t.db.suppression.findUniqueOrThrow({
      where: { email: 'ann@example.com' },
      include: { bounceEvent: true },
    });
    expect(suppression).toMatchObject({ reason: 'HARD_BOUNCE', detail: '5.1.1 mailbox says no' });
    expect(suppression.bounceEvent).toMatchObject({
      kind: 'HARD',
      channel: 'smtp',
      format: 'dsn',
      status: '5.1.1',
      evidence: expect.stringContaining('Final-Recipient'),
    });
    expect(await t.db.subscription.count()).toBe(1);
  });

  it('a complaint suppresses and unsubscribes: subscriber and alerts deleted, no goodbye owed', async () => {
    const { subscriber } = await addSubscription(t.db, { email: 'bob@example.com', query: 'schools', confirmed: true });
    await addSubscription(t.db, { email: 'bob@example.com', query: 'hospitals', confirmed: true });
    await addSubscription(t.db, { email: 'other@example.com', query: 'schools', confirmed: true });
    const [outcome] = await record([report('bob@example.com', 'complaint', { format: 'arf' })]);
    expect(outcome).toMatchObject({ action: 'suppressed', unsubscribed: true });
    expect(await t.db.subscriber.findUnique({ where: { id: subscriber.id } })).toBeNull();
    expect(await t.db.subscription.count()).toBe(1);
    expect(await t.db.delivery.count({ where: { kind: 'GOODBYE' } })).toBe(0);
    expect(await t.db.suppression.findUnique({ where: { email: 'bob@example.com' } })).toMatchObject({
      reason: 'COMPLAINT',
    });
  });

  it('the same report twice is recorded and acted on once', async () => {
    const once = report('cy@example.com', 'soft', { dedupeKey: 'ses:feedback-1:cy@example.com:soft' });
    await record([once]);
    expect(await record([once], at(100))).toEqual([
      { email: 'cy@example.com', kind: 'soft', action: 'duplicate', unsubscribed: false },
    ]);
    expect(await t.db.bounceEvent.count()).toBe(1);
  });

  it('soft bounces suppress only from the third, spread over at least 72 hours', async () => {
    const soft = (hours: number) => record([report('dee@example.com', 'soft')], at(hours));
    expect((await soft(0))[0]!.action).toBe('counted');
    expect((await soft(1))[0]!.action).toBe('counted');
    // Three within two hours: a bad hour, not a dead mailbox.
    expect((await soft(2))[0]!.action).toBe('counted');
    expect(await t.db.suppression.count()).toBe(0);
    const [fourth] = await soft(72);
    expect(fourth!.action).toBe('suppressed');
    expect(await t.db.suppression.findUniqueOrThrow({ where: { email: 'dee@example.com' } })).toMatchObject({
      reason: 'SOFT_BOUNCES',
      detail: '4.2.2 mailbox says no',
    });
  });

  it('a delivery in between restarts the count; soft bounces older than the window do not count', async () => {
    await record([report('eve@example.com', 'soft')], at(0));
    await record([report('eve@example.com', 'soft')], at(40));
    expect(await recordDeliveries(t.db, ['Eve@Example.com'], at(41))).toBe(2);
    await record([report('eve@example.com', 'soft')], at(80));
    expect(await t.db.suppression.count()).toBe(0);

    await record([report('fay@example.com', 'soft')], at(0));
    await record([report('fay@example.com', 'soft')], at(24 * 40));
    const [third] = await record([report('fay@example.com', 'soft')], at(24 * 41));
    expect(third!.action).toBe('counted');
  });

  it('an address already suppressed keeps its first reason; a complaint still unsubscribes', async () => {
    await addSubscription(t.db, { email: 'gus@example.com', query: 'schools', confirmed: true });
    await t.db.suppression.create({ data: { email: 'gus@example.com', reason: 'MANUAL' } });
    const [outcome] = await record([report('gus@example.com', 'complaint')]);
    expect(outcome).toMatchObject({ action: 'already-suppressed', unsubscribed: true });
    expect(await t.db.suppression.findUniqueOrThrow({ where: { email: 'gus@example.com' } })).toMatchObject({
      reason: 'MANUAL',
      bounceEventId: null,
    });
  });

  it('lifting a suppression keeps the events as history and restarts the soft count', async () => {
    for (const hours of [0, 36, 72]) await record([report('hal@example.com', 'soft')], at(hours));
    expect(await t.db.suppression.count()).toBe(1);
    expect(await t.db.$transaction((tx) => liftSuppression(tx, 'hal@example.com', at(73)))).toBe(true);
    expect(await t.db.bounceEvent.count({ where: { email: 'hal@example.com' } })).toBe(3);
    expect((await record([report('hal@example.com', 'soft')], at(80)))[0]!.action).toBe('counted');
    expect(await t.db.$transaction((tx) => liftSuppression(tx, 'nobody@example.com'))).toBe(false);
  });
});
