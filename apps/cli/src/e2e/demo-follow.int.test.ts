import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { listMailbox, readMailboxMessage } from '@alerts/email';
import { createQueues, createRedis } from '@alerts/queue';
import { htmlToText, holdableAnswerIds, loadSampleRecords } from '@alerts/sources';
import { waitForLedgerSettled } from './ledger-settled';
import { REPO_ROOT, startNpmProcess, stopAll, waitFor, type RoleProcess } from './role-process';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * `npm start` as a newcomer runs it, offline with the bundled sample: a question demo mode shows as tabled is
 * followed over HTTP, confirmed from the dev mailbox, and its real recorded answer arrives as a follow email.
 * Started again, demo mode does not hold that question back a second time, so its follower is not told twice.
 */
describe('npm start demo: an answer arrives for a followed question', () => {
  let t: TestDatabase;
  let mailbox: string;
  let base: string;
  let env: Record<string, string>;
  const processes: RoleProcess[] = [];
  const logDir = path.join(REPO_ROOT, 'artifacts', 'demo-follow');

  const startSystem = async (name: string) => {
    const p = startNpmProcess({
      name,
      args: ['start', '--silent', '--', '--demo-interval', '1', '--demo-batch', '1'],
      startedMarker: 'Parliament Alerts is running',
      env,
      logDir,
    });
    processes.push(p);
    await p.started;
    return p;
  };
  const emailsTo = async (to: string, subject: RegExp) =>
    (await listMailbox(mailbox)).filter((m) => m.to.includes(to) && subject.test(m.subject));
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { origin: base }, redirect: 'manual' });

  beforeAll(async () => {
    t = await createTestDatabase();
    mailbox = await mkdtemp(path.join(os.tmpdir(), 'demo-mailbox-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The bouncer that npm start runs needs a port of its own too: tests run side by side.
    env = {
      DATABASE_URL: t.url,
      PORT: String(port),
      BOUNCE_SMTP_PORT: String(await freePort()),
      PUBLIC_BASE_URL: base,
      DEV_MAILBOX_DIR: mailbox,
      QUEUE_PREFIX: `demo-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await stopAll(processes);
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const queues = createQueues({ connection: redis, prefix: env.QUEUE_PREFIX! });
    for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
    await queues.close();
    await redis.quit();
    await t?.drop();
    await rm(mailbox, { recursive: true, force: true });
  });

  it('shows the question unanswered, follows it, confirms, and mails its real answer once', async () => {
    const [followed, other] = holdableAnswerIds(2) as [number, number];
    const record = loadSampleRecords().find((r) => r.value.id === followed)!.value;
    // A sentence of the real answer, as the text part of the email carries it.
    const answerLine = htmlToText(String(record.answerText))
      .split('\n')
      .find((line) => line.trim().length > 40)!
      .trim()
      .slice(0, 60);
    const system = await startSystem('start-1');

    const page = await (await fetch(`${base}/questions/${followed}`)).text();
    expect(page).toContain('Email me when this is answered');
    expect(page).not.toContain(answerLine);
    expect((await post(`${base}/questions/${followed}/follow`, { email: 'reader@example.org' })).status).toBe(303);

    const confirmation = await waitFor(async () => (await emailsTo('reader@example.org', /confirm/i))[0], {
      timeoutMs: 30_000,
      describe: async () => `no confirmation email; mailbox: ${JSON.stringify(await listMailbox(mailbox))}`,
    });
    const token = /\/confirm\/([^\s"<>]+)/.exec((await readMailboxMessage(mailbox, confirmation.id))!.text)![1]!;
    expect((await post(`${base}/confirm/${token}`, {})).status).toBe(200);

    const answered = await waitFor(async () => (await emailsTo('reader@example.org', /^Answered/))[0], {
      timeoutMs: 60_000,
      describe: async () =>
        `no answer email; mailbox: ${JSON.stringify(await listMailbox(mailbox))}; question: ${JSON.stringify(await t.db.question.findUnique({ where: { id: followed }, select: { state: true } }))}`,
    });
    expect((await readMailboxMessage(mailbox, answered.id))!.text).toContain(answerLine);
    expect(await t.db.question.findUnique({ where: { id: followed }, select: { state: true } })).toEqual({
      state: 'ANSWERED',
    });
    // Nobody follows the other held question: it is still waiting.
    expect(await t.db.question.findUnique({ where: { id: other }, select: { state: true } })).toEqual({
      state: 'UNANSWERED',
    });

    // Started again, the followed question (answered, its follow waiting out the correction window) is not held back.
    await stopAll([system]);
    const restartedAt = new Date();
    await startSystem('start-2');
    expect(await t.db.question.findUnique({ where: { id: followed }, select: { state: true } })).toEqual({
      state: 'ANSWERED',
    });
    expect(await t.db.question.findUnique({ where: { id: other }, select: { state: true } })).toEqual({
      state: 'UNANSWERED',
    });
    // Three demo ticks (each replays one answer) and all they set off done: match jobs, a release's ingest, any email.
    // Had the restart held the question back again, a tick would have released it and mailed its answer again.
    await waitFor(
      async () =>
        (await t.db.questionEvent.count({ where: { kind: 'ANSWERED', createdAt: { gte: restartedAt } } })) >= 3
          ? true
          : undefined,
      {
        timeoutMs: 30_000,
        describe: () => 'fewer than three demo ticks since the restart',
      },
    );
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const queues = createQueues({ connection: redis, prefix: env.QUEUE_PREFIX! });
    try {
      await waitForLedgerSettled(t.db, { timeoutMs: 30_000, queues });
    } finally {
      await queues.close();
      await redis.quit();
    }
    expect(await emailsTo('reader@example.org', /^Answered/)).toHaveLength(1);
    expect(await t.db.questionEvent.count({ where: { questionId: followed, kind: 'ANSWERED' } })).toBe(1);
  }, 180_000);
});
