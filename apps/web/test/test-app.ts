import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createQueues, createRedis, deliveryKey, type DeliverJob, type Queues } from '@alerts/queue';
import { createTokenSigner, type TokenSigner } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../src/app';
import type { AppDeps, WebConfig } from '../src/deps';

export const TEST_SESSION_SECRET = 'test-admin-session-secret-0123456789abcdef';
export const BASE_URL = 'http://alerts.test';
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdefghijkl';

export interface TestContext {
  db: Db;
  /** The test database's URL, for what connects on its own (a delivery's subscriber locks). */
  databaseUrl: string;
  redis: Redis;
  queues: Queues;
  signer: TokenSigner;
  mailboxDir: string;
  prefix: string;
  /** Another app on the same database and Redis, e.g. with lower rate limits, or demo mode's clock. */
  makeApp(config?: Partial<WebConfig>, deps?: Pick<AppDeps, 'clock'>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** A fresh database, a fresh queue prefix and a temporary dev mailbox for one test file. */
export async function createTestContext(): Promise<TestContext> {
  const database: TestDatabase = await createTestDatabase();
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `webtest-${randomBytes(4).toString('hex')}`;
  // Four match queues, as the web app's runtime makes with MATCH_PARTITIONS' default.
  const queues = createQueues({ connection: redis, prefix, matchPartitions: 4 });
  const signer = createTokenSigner(TEST_TOKEN_SECRET);
  const mailboxDir = await mkdtemp(path.join(tmpdir(), 'alerts-web-mailbox-'));
  const apps: FastifyInstance[] = [];
  return {
    db: database.db,
    databaseUrl: database.url,
    redis,
    queues,
    signer,
    mailboxDir,
    prefix,
    async makeApp(config = {}, deps = {}) {
      const app = await buildApp({
        ...deps,
        db: database.db,
        redis,
        queues,
        signer,
        config: {
          baseUrl: BASE_URL,
          devMailboxDir: mailboxDir,
          sessionSecret: TEST_SESSION_SECRET,
          secureCookies: false,
          rateLimits: { signupPerMinute: 1000, searchPerMinute: 1000, loginPer15Minutes: 1000 },
          ...config,
        },
      });
      apps.push(app);
      return app;
    },
    async close() {
      for (const app of apps) await app.close();
      await queues.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await database.drop();
      await rm(mailboxDir, { recursive: true, force: true });
    },
  };
}

/** A stored, answered question with its asking member, like the ingester writes. */
export async function seedQuestion(
  db: Db,
  overrides: {
    id?: number;
    heading?: string;
    answeringBodyName?: string;
    dateAnswered?: Date;
    answerHtml?: string;
    holding?: boolean;
    askingMemberId?: number;
  } = {},
) {
  const id = overrides.id ?? 1_700_001;
  await db.member.upsert({
    where: { id: 4001 },
    create: { id: 4001, name: 'Jane Example', party: 'Labour', house: 'Commons' },
    update: {},
  });
  return db.question.create({
    data: {
      id,
      uin: `${id % 100000}`,
      house: 'Commons',
      heading: overrides.heading ?? 'Schools: Mental Health Services',
      questionText:
        'To ask the Secretary of State for Education, what steps she is taking to improve mental health support in schools.',
      answerHtml:
        overrides.answerHtml ?? '<p>We are funding <strong>mental health</strong> support teams in schools.</p>',
      answerText: overrides.answerHtml
        ? overrides.answerHtml.replace(/<[^>]*>/g, '')
        : 'We are funding mental health support teams in schools.',
      state: overrides.holding ? 'HOLDING' : 'ANSWERED',
      isHolding: overrides.holding ?? false,
      dateTabled: new Date('2026-11-02T00:00:00Z'),
      dateAnswered: overrides.dateAnswered ?? new Date('2026-11-10T00:00:00Z'),
      askingMemberId: overrides.askingMemberId ?? 4001,
      answeringMemberId: 4999,
      answeringBodyName: overrides.answeringBodyName ?? 'Department for Education',
      raw: {},
      contentHash: `hash-${id}`,
    },
  });
}

/** `name=value` pairs of Set-Cookie headers, as a Cookie header value. */
export function cookieHeader(
  setCookie: string | string[] | undefined,
  existing: Record<string, string> = {},
): Record<string, string> {
  const jar = { ...existing };
  for (const line of [setCookie ?? []].flat()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar[pair!.slice(0, at)] = pair!.slice(at + 1);
  }
  return jar;
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The queued job of an owed email: the Delivery row planned for `job` (by its dedupe key), or for a goodbye (whose
 * key is random) the newest GOODBYE row to `goodbyeEmail`, and a waiting job naming it. Undefined when either is missing.
 */
export async function queuedDelivery(
  ctx: Pick<TestContext, 'db' | 'queues'>,
  find: { job: DeliverJob } | { goodbyeEmail: string },
) {
  const row =
    'job' in find
      ? await ctx.db.delivery.findUnique({ where: { dedupeKey: deliveryKey(find.job) } })
      : await ctx.db.delivery.findFirst({
          where: { kind: 'GOODBYE', email: find.goodbyeEmail },
          orderBy: { createdAt: 'desc' },
        });
  if (!row || row.status !== 'PENDING') return undefined;
  const jobs = await ctx.queues.deliver.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
  return jobs.find((job) => job.data.deliveryId === row.id) ? row : undefined;
}
