import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSubscriberLocks, type SubscriberLocks } from './subscriber-locks';

// The subscriber lock as the mailer takes it: a delivery's row read and its subscriber locked in one statement.
// (Whole deliveries racing each other through it: match-work's immediate-handover and deliver-follow tests.)

let t: TestDatabase;
let locks: SubscriberLocks;
beforeEach(async () => {
  t = await createTestDatabase();
  locks = createSubscriberLocks({ databaseUrl: t.url, connections: 4 });
});
afterEach(async () => {
  await locks.close();
  await t.drop();
});

const delivery = (id: string, job: object | null, status: 'PENDING' | 'SENT' | 'SKIPPED' = 'PENDING') =>
  t.db.delivery.create({
    data: { id, dedupeKey: `key-${id}`, email: 'ann@example.com', kind: 'IMMEDIATE', status, job: job ?? undefined },
  });

/** Whether another session could take this subscriber's lock now (and so nobody holds it); one statement, so the
 * lock it tries is let go on the connection that took it. */
async function isFree(subscriberId: string): Promise<boolean> {
  const [row] = await t.db.$queryRawUnsafe<{ free: boolean }[]>(
    `SELECT CASE WHEN pg_try_advisory_lock(hashtextextended('deliver:' || $1, 0))
       THEN pg_advisory_unlock(hashtextextended('deliver:' || $1, 0)) ELSE false END AS free`,
    subscriberId,
  );
  return row!.free;
}

it('an owed delivery runs its work holding its subscriber lock, and lets it go after', async () => {
  await delivery('d1', { kind: 'IMMEDIATE', subscriberId: 'sub-1' });
  const held = await locks.holdDelivery('d1', async (row) => {
    expect(row).toMatchObject({ status: 'PENDING', dedupeKey: 'key-d1', job: { subscriberId: 'sub-1' } });
    return isFree('sub-1');
  });
  expect(held).toEqual({ held: true, result: false });
  expect(await isFree('sub-1')).toBe(true);
});

it('two deliveries of one subscriber run one after the other; another subscriber waits for neither', async () => {
  await delivery('d1', { kind: 'IMMEDIATE', subscriberId: 'sub-1' });
  await delivery('d2', { kind: 'DIGEST', subscriberId: 'sub-1' });
  await delivery('d3', { kind: 'IMMEDIATE', subscriberId: 'sub-2' });
  const events: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = locks.holdDelivery('d1', async () => {
    events.push('d1 start');
    await gate;
    events.push('d1 end');
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = locks.holdDelivery('d2', async () => void events.push('d2'));
  await locks.holdDelivery('d3', async () => void events.push('d3'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  release();
  await Promise.all([first, second]);
  expect(events).toEqual(['d1 start', 'd3', 'd1 end', 'd2']);
});

it('takes no lock for a row that is not owed, is missing, or names no subscriber, and hands the row back', async () => {
  await delivery('sent', { kind: 'IMMEDIATE', subscriberId: 'sub-1' }, 'SENT');
  await delivery('nameless', { kind: 'IMMEDIATE' });
  const work = jest.fn(async () => 'ran');
  expect(await locks.holdDelivery('sent', work)).toEqual({
    held: false,
    row: expect.objectContaining({ status: 'SENT' }) as unknown,
  });
  expect(await locks.holdDelivery('missing', work)).toEqual({ held: false, row: null });
  expect(await locks.holdDelivery('nameless', work)).toEqual({
    held: false,
    row: expect.objectContaining({ status: 'PENDING' }) as unknown,
  });
  expect(work).not.toHaveBeenCalled();
  expect(await isFree('sub-1')).toBe(true);
});

it('a subscriberId that is not a string is unlocked by the same text it was locked by', async () => {
  await delivery('odd', { kind: 'IMMEDIATE', subscriberId: { nested: true } });
  const held = await locks.holdDelivery('odd', async () => isFree('{"nested": true}'));
  expect(held).toEqual({ held: true, result: false });
  expect(await isFree('{"nested": true}')).toBe(true);
});
