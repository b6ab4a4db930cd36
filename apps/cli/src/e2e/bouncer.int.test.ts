import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseBounce } from '@alerts/bounces';
import { verpEncode } from '@alerts/email';
import { recordBounceReports } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import nodemailer from 'nodemailer';
import { startDeployment, type Deployment } from './deployment';
import { REPO_ROOT, type RoleProcess } from './role-process';

// The bouncer as deployed (`npm start -w @alerts/bouncer`, its own process) receiving real bounce and complaint
// messages over SMTP, and what it leaves in PostgreSQL: suppressions with their evidence, complainers unsubscribed.
// Messages: the handwritten provider formats of packages/bounces/test/messages, and the corpus of real bounces of
// flufl.bounce (Debian's python3-flufl.bounce; skipped, saying so, without it).

const MESSAGES = path.join(REPO_ROOT, 'packages/bounces/test/messages');
const CORPUS = '/usr/lib/python3/dist-packages/flufl/bounce/tests/data';
const EXPECTED = '/usr/lib/python3/dist-packages/flufl/bounce/testing/helpers.py';
const haveCorpus =
  existsSync(CORPUS) && existsSync(EXPECTED) && spawnSync('/usr/bin/python3', ['-c', '1']).status === 0;
if (!haveCorpus)
  process.stderr.write('bouncer.int.test.ts: corpus part SKIPPED (apt-get install python3-flufl.bounce)\n');

const DOMAIN = 'alerts.test';
const MAX_BYTES = 400_000;
let deployment: Deployment;
let bouncer: RoleProcess;
let port: number;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
    server.on('error', reject);
  });

/** Send one raw message to the bouncer as a receiving MTA would get it: null sender, to `to`. */
async function send(raw: Buffer | string, to: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from: '', to }, raw });
  } finally {
    transport.close();
  }
}
const verp = (recipient: string) => `bounces+${verpEncode(recipient)}@${DOMAIN}`;

beforeAll(async () => {
  port = await freePort();
  deployment = await startDeployment({
    area: 'bouncer',
    env: {
      MAIL_ENVELOPE_FROM: `bounces+{recipient}@${DOMAIN}`,
      BOUNCE_SMTP_PORT: String(port),
      BOUNCE_SMTP_MAX_BYTES: String(MAX_BYTES),
    },
  });
  bouncer = deployment.start('bouncer');
  await bouncer.started;
}, 90_000);
afterAll(async () => {
  await deployment.close();
}, 60_000);

describe('the bouncer, as deployed', () => {
  it('takes mail only for the bounce address (550 for anyone else) and refuses what is too big (552)', async () => {
    await expect(send('Subject: hi\r\n\r\nhello\r\n', `postmaster@${DOMAIN}`)).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(send('Subject: hi\r\n\r\nhello\r\n', 'bounces+ann=example.com@elsewhere.org')).rejects.toMatchObject({
      responseCode: 550,
    });
    const big = `Subject: big\r\n\r\n${`${'y'.repeat(76)}\r\n`.repeat(Math.ceil(MAX_BYTES / 78) + 100)}`;
    await expect(send(big, verp('big@example.com'))).rejects.toMatchObject({ responseCode: 552 });
    expect(await deployment.t.db.bounceEvent.count()).toBe(0);
  });

  it('acts on each provider format as the parser reads it: hard suppresses, a complaint also unsubscribes, soft counts', async () => {
    const files = readdirSync(MESSAGES).filter((name) => name.endsWith('.eml'));
    const expected = new Map<string, { kind: string; file: string }>();
    for (const file of files) {
      for (const entry of parseBounce(readFileSync(path.join(MESSAGES, file))))
        expected.set(entry.recipient, { kind: entry.kind, file });
    }
    expect(new Set([...expected.values()].map((e) => e.kind))).toEqual(new Set(['hard', 'soft', 'complaint']));
    // Every bounced address is a subscriber with a confirmed alert beforehand.
    for (const email of expected.keys())
      await addSubscription(deployment.t.db, { email, query: 'schools', confirmed: true });
    for (const file of files) {
      const raw = readFileSync(path.join(MESSAGES, file));
      const first = parseBounce(raw)[0]?.recipient ?? 'nobody@example.com';
      const info = await send(raw, verp(first));
      expect(info.rejected).toEqual([]);
    }
    for (const [email, { kind, file }] of expected) {
      const suppression = await deployment.t.db.suppression.findUnique({
        where: { email },
        include: { bounceEvent: true },
      });
      const subscriber = await deployment.t.db.subscriber.findUnique({ where: { email } });
      const events = await deployment.t.db.bounceEvent.findMany({ where: { email } });
      expect({ file, email, events: events.map((e) => e.kind) }).toEqual({ file, email, events: [kind.toUpperCase()] });
      if (kind === 'soft') expect({ file, suppression }).toEqual({ file, suppression: null });
      else
        expect({ file, reason: suppression?.reason, evidence: suppression?.bounceEvent?.evidence.length }).toEqual({
          file,
          reason: kind === 'hard' ? 'HARD_BOUNCE' : 'COMPLAINT',
          evidence: expect.any(Number),
        });
      if (kind === 'complaint') expect({ file, subscriber }).toEqual({ file, subscriber: null });
      else expect(subscriber).not.toBeNull();
    }
    // The out-of-office reply came back to the bounce address too, and counted for nothing.
    expect(await deployment.t.db.bounceEvent.count()).toBe(expected.size);
  }, 120_000);

  it('names the VERP recipient when the bounce names none', async () => {
    const nameless = [
      'From: MAILER-DAEMON@mx.example.net',
      `To: ${verp('quiet@example.com')}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Action: failed',
      'Status: 5.1.1',
      '--b--',
      '',
    ].join('\r\n');
    await send(nameless, verp('quiet@example.com'));
    expect(await deployment.t.db.suppression.findUnique({ where: { email: 'quiet@example.com' } })).toMatchObject({
      reason: 'HARD_BOUNCE',
    });
  });

  it('the third soft bounce over 72 hours suppresses; the same message again counts once', async () => {
    const email = 'full@example.org';
    const policy = { limit: 3, minSpanMs: 72 * 3600_000, windowMs: 30 * 86_400_000 };
    const earlier = (hours: number): Promise<unknown> =>
      recordBounceReports(
        deployment.t.db,
        [
          {
            email,
            kind: 'soft',
            channel: 'smtp',
            format: 'dsn',
            status: '4.2.2',
            diagnostic: 'mailbox full',
            evidence: 'earlier',
            dedupeKey: `earlier-${hours}`,
          },
        ],
        { policy, now: new Date(Date.now() - hours * 3600_000) },
      );
    await earlier(80);
    await earlier(40);
    expect(await deployment.t.db.suppression.findUnique({ where: { email } })).toBeNull();
    const full = readFileSync(path.join(MESSAGES, 'postfix-dsn.eml'), 'latin1')
      .replace(/ann@example\.com/g, email)
      .replace(/5\.1\.1/g, '4.2.2')
      .replace(/550 /g, '452 ')
      .replace(/User unknown in virtual mailbox table/g, 'Mailbox full');
    expect(parseBounce(full)).toMatchObject([{ recipient: email, kind: 'soft' }]);
    await send(full, verp(email));
    await send(full, verp(email)); // a sending server retrying after a lost reply: the same report
    expect(await deployment.t.db.bounceEvent.count({ where: { email } })).toBe(3);
    expect(
      await deployment.t.db.suppression.findUniqueOrThrow({ where: { email }, include: { bounceEvent: true } }),
    ).toMatchObject({ reason: 'SOFT_BOUNCES', bounceEvent: { channel: 'smtp', status: '4.2.2' } });
  });

  (haveCorpus ? it : it.skip)(
    'records every recipient of the real-bounce corpus as the parser classifies it, and scores it against flufl.bounce',
    async () => {
      const files = readdirSync(CORPUS)
        .filter((name) => name.endsWith('.txt'))
        .sort();
      const want = new Map<string, string>();
      for (const file of files) {
        for (const entry of parseBounce(readFileSync(path.join(CORPUS, file))))
          want.set(`${entry.recipient} ${entry.kind}`, file);
      }
      // One message at a time, so each file's events are known: the corpus reuses addresses (userx@example.com).
      const byFile = new Map<string, { email: string; kind: string }[]>();
      let last = (await deployment.t.db.bounceEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
      for (const file of files) {
        await send(readFileSync(path.join(CORPUS, file)), `bounces+corpus@${DOMAIN}`);
        const added = await deployment.t.db.bounceEvent.findMany({
          where: { id: { gt: last } },
          orderBy: { id: 'asc' },
        });
        if (added.length) last = added[added.length - 1]!.id;
        byFile.set(
          file,
          added.map((event) => ({ email: event.email, kind: event.kind.toLowerCase() })),
        );
      }
      const events = [...byFile.values()].flat();
      const got = new Set([...byFile].flatMap(([, list]) => list.map((event) => `${event.email} ${event.kind}`)));
      // Every recipient and kind the parser reads is recorded (a repeat of one already recorded adds no event).
      expect([...want.keys()].filter((key) => !got.has(key))).toEqual([]);
      for (const event of events.filter((e) => e.kind !== 'soft'))
        expect(await deployment.t.db.suppression.findUnique({ where: { email: event.email } })).not.toBeNull();

      // flufl.bounce's expected recipients (and which failures it calls temporary) against what the bouncer recorded.
      const rows = JSON.parse(
        execFileSync('/usr/bin/python3', [path.join(REPO_ROOT, 'packages/bounces/test/flufl-expected.py'), EXPECTED], {
          encoding: 'utf8',
        }),
      ) as { file: string; recipients: string[]; temporary: boolean }[];
      let recipients = 0,
        found = 0,
        temporary = 0,
        temporarySoft = 0,
        permanent = 0,
        permanentSuppressed = 0;
      for (const row of rows) {
        const recorded = byFile.get(row.file) ?? [];
        for (const recipient of row.recipients.map((r) => r.toLowerCase())) {
          recipients += 1;
          const kind = recorded.find((event) => event.email === recipient)?.kind;
          if (kind) found += 1;
          if (row.temporary) {
            temporary += 1;
            if (kind === 'soft') temporarySoft += 1;
          } else if (kind) {
            permanent += 1;
            if (kind !== 'soft') permanentSuppressed += 1;
          }
        }
      }
      const figures = {
        files: files.length,
        events: events.length,
        suppressions: await deployment.t.db.suppression.count(),
        flufl: {
          recipients,
          found,
          temporary,
          temporarySoft,
          permanentFound: permanent,
          permanentSuppressedAtOnce: permanentSuppressed,
        },
      };
      mkdirSync(path.join(REPO_ROOT, 'artifacts'), { recursive: true });
      writeFileSync(path.join(REPO_ROOT, 'artifacts', 'bouncer-corpus.json'), `${JSON.stringify(figures, null, 2)}\n`);
      process.stdout.write(`bouncer corpus: ${JSON.stringify(figures)}\n`);
      expect(found / recipients).toBeGreaterThanOrEqual(0.93);
      expect(temporarySoft).toBe(temporary);
    },
    300_000,
  );
});
