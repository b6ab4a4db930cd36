import fs from 'node:fs';
import type { TestDatabase } from '@alerts/db/testing';
import type { TestSmtpServer } from '@alerts/email/testing';
import { fromApiRecord, matchesQuestion, parseQuery } from '@alerts/matching';
import { addSubscription } from '@alerts/subscriptions';
import type { Queues } from '@alerts/queue';
import { normaliseQuestion, ukToday } from '@alerts/sources';
import { recordedResponses, startFixtureApi, type FixtureApi } from '@alerts/sources/testing';
import { announcements, difference } from './announcements';
import { startDeployment, type Deployment } from './deployment';
import { waitFor, type RoleProcess } from './role-process';

// One question's detail answering HTTP 500 every time, with the processes as deployed: ingester, matcher and mailer
// each its own OS process (`npm start -w @alerts/<role>`), the Parliament source reading the 1,004 recorded real
// questions served over HTTP by a local API, a real SMTP server. The test plays the scheduler (it enqueues each
// ingest tick), the API (it fixes the record) and the clock (it lets the quarantine's retry come due).
// What each subscriber must hear of comes from the matching package's direct evaluator over the stored questions.

const BASE_URL = 'http://alerts.test';
const QUERIES = [
  'schools',
  'NHS',
  'police OR prison',
  '"mental health"',
  'department:"Department for Education"',
  'farmers',
  'Ukraine',
  'housing',
];
const alerts = QUERIES.map((query, n) => ({ label: `a${n}`, email: `person${Math.floor(n / 2)}@example.org`, query }));

describe('ingest faults, processes as deployed', () => {
  let deployment: Deployment;
  let smtp: TestSmtpServer;
  let api: FixtureApi;
  let t: TestDatabase;
  let queues: Queues;
  const { list, details } = recordedResponses();
  /** What the fixture API serves as details: the recorded ones, which a test may break and fix. */
  const served = new Map(details);
  const isNews = (id: number) => ['ANSWERED', 'CORRECTED'].includes(normaliseQuestion(details.get(id)!).state);
  const matching = (query: string, ids: number[]) =>
    ids.filter((id) => matchesQuestion(parseQuery(query), fromApiRecord(details.get(id)!)));
  /** "email label:questionId" for every announcement each subscriber should have had, over these stored questions. */
  const expected = (ids: number[]) =>
    alerts.flatMap((a) => matching(a.query, ids.filter(isNews)).map((id) => `${a.email} ${a.label}:${id}`)).sort();
  /** "email label:questionId" for every question card in the emails each subscriber received. */
  const received = () =>
    [...new Set(alerts.map((a) => a.email))]
      .flatMap((email) =>
        announcements(
          smtp.messages.filter((m) => m.envelope.to.includes(email)),
          BASE_URL,
        ).map((x) => `${email} ${x}`),
      )
      .sort();
  // The record that breaks: the first answered one about schools, so an alert must hear of it once it is stored.
  const bad = list.map((i) => i.value.id as number).find((id) => isNews(id) && matching('schools', [id]).length > 0)!;
  let broken = true; // the detail of `bad` answers 500
  let tick = 0;

  /** One ingest tick, as the scheduler enqueues it; resolves when the ingester has finished it, with its outcome. */
  async function tickOutcome(): Promise<{ result: Record<string, number> } | { failedReason: string }> {
    const job = await queues.enqueueIngest({ source: 'parliament', slot: `tick-${++tick}` });
    const state = await waitFor(
      async () => ((await job.isCompleted()) ? 'completed' : (await job.isFailed()) ? 'failed' : undefined),
      {
        timeoutMs: 60_000,
        describe: () => `ingest tick ${tick} did not finish`,
      },
    );
    const done = (await queues.ingest.getJob(job.id!))!;
    return state === 'completed'
      ? { result: done.returnvalue as Record<string, number> }
      : { failedReason: done.failedReason };
  }
  /** A tick that must succeed: what the ingester reports. */
  async function ingestTick(): Promise<Record<string, number>> {
    const outcome = await tickOutcome();
    if ('failedReason' in outcome) throw new Error(`ingest tick ${tick} failed: ${outcome.failedReason}`);
    return outcome.result;
  }

  /** Every match job and delivery job handed on has run, and the SMTP server has every message it accepted. */
  async function quiet() {
    await waitFor(
      async () => {
        const counts = await Promise.all(
          [...queues.matchQueues(), queues.deliver].map((q) =>
            q.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          ),
        );
        return counts.every((c) => Object.values(c).every((n) => n === 0)) ? true : undefined;
      },
      { timeoutMs: 60_000, describe: async () => JSON.stringify(await queues.deliver.getJobCounts()) },
    );
    await smtp.settled();
  }

  beforeEach(async () => {
    api = await startFixtureApi({
      list,
      details: served,
      // Retry-After: 0 lets the ingester's client spend its retries at once instead of backing off for half a minute.
      faults: [
        {
          match: (u) => broken && u.pathname.endsWith(`/questions/${bad}`),
          status: 500,
          headers: { 'retry-after': '0' },
          times: Infinity,
        },
      ],
    });
    deployment = await startDeployment({
      area: 'faults-ingest',
      env: {
        PUBLIC_BASE_URL: BASE_URL,
        PARLIAMENT_API_URL: api.baseUrl,
        MEMBERS_API_URL: api.baseUrl,
        MATCH_PARTITIONS: '1',
        MAX_CARDS_PER_ALERT: '1000',
        EMAIL_HTML_BUDGET_BYTES: '100000000',
        IMMEDIATE_SWEEP_GRACE_SECONDS: '1',
      },
    });
    ({ smtp, t, queues } = deployment);
  }, 60_000);

  afterEach(async () => {
    await deployment.close();
    await api.close();
    for (const [id, item] of details) served.set(id, item);
  }, 60_000);

  it('one detail always 500: everything else is stored and announced, the watermark moves; once fixed, the next tick stores and announces it exactly once', async () => {
    // The last run got to 2 September 2024; the next window runs from there to today and holds all 1,004 questions.
    await t.db.ingestSource.create({ data: { name: 'parliament', watermark: new Date('2024-09-02T00:00:00Z') } });
    for (const a of alerts)
      await addSubscription(t.db, {
        email: a.email,
        query: a.query,
        label: a.label,
        frequency: 'IMMEDIATE',
        confirmed: true,
      });
    const roles = [deployment.start('mailer'), deployment.start('matcher'), deployment.start('ingester')];
    await Promise.all(roles.map((p) => p.started));
    const ingester = roles[2]!;

    const first = await ingestTick();
    expect(first).toMatchObject({ fetched: list.length, created: list.length - 1, quarantined: 1, resolved: 0 });
    expect((await t.db.ingestRun.findFirstOrThrow({ orderBy: { id: 'desc' } })).status).toBe('SUCCEEDED');
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe(ukToday());
    expect(await t.db.quarantinedRecord.findMany()).toEqual([
      expect.objectContaining({
        recordId: String(bad),
        attempts: 1,
        resolvedAt: null,
        reason: 'detail returned HTTP 500 after 6 attempts',
      }),
    ]);
    expect(logOf(ingester)).toContain(`quarantined record ${bad} after 1 failed attempt(s)`);

    const stored = list.map((i) => i.value.id as number).filter((id) => id !== bad);
    const wantFirst = expected(stored);
    expect(wantFirst.length).toBeGreaterThan(100);
    await quiet();
    expect(difference(wantFirst, received())).toEqual({ missing: [], extra: [] });

    // Parliament fixes the record; ten minutes later its retry is due (the test moves the clock by moving the row).
    broken = false;
    await t.db.quarantinedRecord.updateMany({ data: { nextRetryAt: new Date(Date.now() - 1000) } });
    const second = await ingestTick();
    expect(second).toMatchObject({ created: 1, quarantined: 0, resolved: 1 });
    expect((await t.db.quarantinedRecord.findFirstOrThrow()).resolvedAt).not.toBeNull();
    expect(logOf(ingester)).toContain(`stored quarantined record ${bad}: resolved`);
    await quiet();
    const wantAll = expected([...stored, bad]);
    expect(wantAll.filter((a) => a.endsWith(`:${bad}`)).length).toBeGreaterThan(0);
    expect(difference(wantAll, received())).toEqual({ missing: [], extra: [] });

    // A further tick finds nothing new and sends nothing.
    const sent = smtp.messages.length;
    expect(await ingestTick()).toMatchObject({ created: 0, quarantined: 0, resolved: 0 });
    await quiet();
    expect(smtp.messages.length).toBe(sent);
  }, 90_000);

  it('most of a window malformed: the good records are stored and announced, the job fails saying why, the watermark stays; once fixed, the rest is announced once', async () => {
    broken = false;
    // Upstream changes the date format of the questions answered on 9 September 2024 (607 of the 1,004).
    const malformed = list
      .filter((i) => String(i.value.dateAnswered).startsWith('2024-09-09'))
      .map((i) => i.value.id as number);
    for (const id of malformed) {
      const item = details.get(id)!;
      served.set(id, { ...item, value: { ...item.value, dateTabled: '30/08/2024' } });
    }
    await t.db.ingestSource.create({ data: { name: 'parliament', watermark: new Date('2024-09-02T00:00:00Z') } });
    for (const a of alerts)
      await addSubscription(t.db, {
        email: a.email,
        query: a.query,
        label: a.label,
        frequency: 'IMMEDIATE',
        confirmed: true,
      });
    await Promise.all(
      [deployment.start('mailer'), deployment.start('matcher'), deployment.start('ingester')].map((p) => p.started),
    );

    const failed = await tickOutcome();
    expect(failed).toEqual({
      failedReason: expect.stringMatching(
        new RegExp(
          `^rejected ${malformed.length} of ${list.length} records fetched \\(the limit is 5% and at least 3\\): \\d+: dateTabled: expected a date`,
        ),
      ),
    });
    expect('failedReason' in failed && failed.failedReason).toContain('the watermark stays at 2024-09-02');
    const job = await queues.ingest.getJob(`ingest.parliament.tick-${tick}`);
    expect(job?.attemptsMade).toBe(1); // failed for good, not retried minutes later with the same result
    expect((await t.db.ingestRun.findFirstOrThrow({ orderBy: { id: 'desc' } })).status).toBe('FAILED');
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe('2024-09-02');
    expect(await t.db.quarantinedRecord.count({ where: { resolvedAt: null } })).toBe(malformed.length);

    const good = list.map((i) => i.value.id as number).filter((id) => !malformed.includes(id));
    await quiet();
    expect(difference(expected(good), received())).toEqual({ missing: [], extra: [] });

    // Fixed upstream: the next tick fetches the same window again (the watermark stayed), and announces the rest once.
    for (const id of malformed) served.set(id, details.get(id)!);
    expect(await ingestTick()).toMatchObject({ created: malformed.length, quarantined: 0, resolved: malformed.length });
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe(ukToday());
    await quiet();
    expect(difference(expected([...good, ...malformed]), received())).toEqual({ missing: [], extra: [] });
  }, 90_000);
});

const logOf = (p: RoleProcess) => fs.readFileSync(p.logFile, 'utf8');
