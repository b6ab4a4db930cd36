import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { fromApiRecord, type MatchableQuestion } from '@alerts/matching';
import { loadSampleRecords } from '@alerts/sources';
import { addSubscription } from '@alerts/subscriptions';
import { createSubscriptionIndexCache } from './subscription-index-cache';

// The matcher's index follows edits in place (issue #21). Property: after any sequence of adds, edits, pauses,
// deletes, frequency and includeTabled changes, subscribers disabled or deleted, addresses suppressed and lifted —
// made by plain database writes, as any writer would — the index brought up to date holds and matches exactly what a
// fresh index of the same alerts does.

let t: TestDatabase;
beforeEach(async () => (t = await createTestDatabase()));
afterEach(() => t.drop());

const QUESTIONS: MatchableQuestion[] = loadSampleRecords()
  .slice(0, 400)
  .map((r) => fromApiRecord(r));
const QUERIES = [
  'schools',
  'NHS',
  'police OR prison',
  '"mental health"',
  'Gaza -Israel',
  'water',
  'department:"Home Office"',
  'tax',
  'rail',
  '(flood OR badgers) -Scotland',
];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

type Loaded = Awaited<ReturnType<ReturnType<typeof createSubscriptionIndexCache>>>;
const pairs = (index: Loaded['index']) =>
  index
    .match(QUESTIONS)
    .map((m) => `${m.subscriptionId}|${m.questionId}`)
    .sort();
const held = (entry: Loaded) => ({
  subscriptions: [...entry.subscriptions.values()].sort((a, b) => a.id.localeCompare(b.id)),
  size: entry.index.size,
  asked: entry.askedIndex.size,
  pairs: pairs(entry.index),
  askedPairs: pairs(entry.askedIndex),
});

const PARTITIONS = 2;

async function randomChange(random: () => number, emails: string[]) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const subscriptions = await t.db.subscription.findMany({ select: { id: true } });
  const kind = Math.floor(random() * 9);
  const some = subscriptions.length ? pick(subscriptions).id : null;
  if (kind === 0 || !some) {
    await addSubscription(t.db, {
      email: pick(emails),
      query: pick(QUERIES),
      frequency: pick(['IMMEDIATE', 'DAILY', 'WEEKLY'] as const),
      confirmed: random() < 0.85,
      includeTabled: random() < 0.3,
    });
  } else if (kind === 1) await t.db.subscription.update({ where: { id: some }, data: { query: pick(QUERIES) } });
  else if (kind === 2) await t.db.subscription.update({ where: { id: some }, data: { paused: random() < 0.5 } });
  else if (kind === 3) await t.db.subscription.delete({ where: { id: some } });
  else if (kind === 4)
    await t.db.subscription.update({
      where: { id: some },
      data: { frequency: pick(['IMMEDIATE', 'DAILY', 'WEEKLY'] as const), includeTabled: random() < 0.5 },
    });
  else if (kind === 5)
    await t.db.subscriber.updateMany({
      where: { email: pick(emails) },
      data: { status: pick(['ACTIVE', 'DISABLED'] as const) },
    });
  else if (kind === 6) {
    const email = pick(emails);
    await t.db.suppression.upsert({ where: { email }, create: { email, reason: 'MANUAL' }, update: {} });
  } else if (kind === 7) await t.db.suppression.deleteMany({ where: { email: pick(emails) } });
  else await t.db.subscriber.deleteMany({ where: { email: pick(emails) } });
}

it.each([1, 2, 3])(
  'an index brought up to date in place equals a fresh one, through random edits (seed %i)',
  async (seed) => {
    const random = mulberry32(seed);
    const emails = Array.from({ length: 12 }, (_, i) => `reader${i}@example.org`);
    for (let i = 0; i < 20; i++)
      await addSubscription(t.db, {
        email: emails[i % emails.length]!,
        query: QUERIES[i % QUERIES.length]!,
        frequency: 'IMMEDIATE',
        confirmed: true,
        includeTabled: i % 4 === 0,
      });
    const live = createSubscriptionIndexCache(t.db);
    for (let p = 0; p < PARTITIONS; p++) await live(p, PARTITIONS);
    for (let round = 0; round < 10; round++) {
      for (let k = 0; k < 1 + Math.floor(random() * 6); k++) await randomChange(random, emails);
      const fresh = createSubscriptionIndexCache(t.db);
      for (let p = 0; p < PARTITIONS; p++)
        expect(held(await live(p, PARTITIONS))).toEqual(held(await fresh(p, PARTITIONS)));
    }
  },
);

it('a job after an edit matches the edited query: the held index is updated in place, not rebuilt', async () => {
  const { subscription } = await addSubscription(t.db, {
    email: 'ann@example.org',
    query: 'schools',
    frequency: 'IMMEDIATE',
    confirmed: true,
  });
  const cache = createSubscriptionIndexCache(t.db);
  const partition = (await t.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).partition;
  const before = await cache(partition % PARTITIONS, PARTITIONS);
  const schools = pairs(before.index);
  expect(schools.length).toBeGreaterThan(0);
  await t.db.subscription.update({ where: { id: subscription.id }, data: { query: 'Gaza' } });
  const after = await cache(partition % PARTITIONS, PARTITIONS);
  expect(after.index).toBe(before.index);
  const gaza = pairs(after.index);
  expect(gaza.length).toBeGreaterThan(0);
  expect(gaza).not.toEqual(schools);
  expect(gaza).toEqual(pairs((await createSubscriptionIndexCache(t.db)(partition % PARTITIONS, PARTITIONS)).index));
});
