import { createDb } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { capturedLogger } from '../test/captured-logger';
import { loadWorkerLiveness } from './load-worker-liveness';
import { startHeartbeat } from './start-heartbeat';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());
afterEach(() => t.db.workerHeartbeat.deleteMany());

/** Poll until `check` returns a value, so tests wait on the database, not on the clock. */
async function until<T>(check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600 * 1000);

describe('startHeartbeat', () => {
  it('writes a role:host:pid row at once, moves beatAt on each beat, and deletes the row on stop', async () => {
    const { logger } = capturedLogger();
    const heartbeat = startHeartbeat({ db: t.db, role: 'matcher', logger, intervalMs: 50, host: 'box-1', pid: 4242 });
    expect(heartbeat.id).toBe('matcher:box-1:4242');
    await heartbeat.firstBeat;
    const first = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: heartbeat.id } });
    expect(first).toMatchObject({ role: 'matcher', host: 'box-1', pid: 4242 });
    await until(
      async () => (await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: heartbeat.id } })).beatAt > first.beatAt,
    );
    await heartbeat.stop();
    expect(await t.db.workerHeartbeat.count()).toBe(0);
  });

  it("restarts startedAt when a new process reuses a crashed one's host and pid (a restarted container)", async () => {
    await t.db.workerHeartbeat.create({
      data: {
        id: 'mailer:box-1:1',
        role: 'mailer',
        host: 'box-1',
        pid: 1,
        startedAt: hoursAgo(5),
        beatAt: hoursAgo(2),
      },
    });
    const heartbeat = startHeartbeat({
      db: t.db,
      role: 'mailer',
      logger: capturedLogger().logger,
      intervalMs: 60_000,
      host: 'box-1',
      pid: 1,
    });
    await heartbeat.firstBeat;
    const row = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: 'mailer:box-1:1' } });
    expect(row.startedAt.getTime()).toBeGreaterThan(hoursAgo(1).getTime());
    await heartbeat.stop();
  });

  it('prunes rows of any instance not beaten for longer than pruneAfterMs, and keeps the others', async () => {
    await t.db.workerHeartbeat.createMany({
      data: [
        {
          id: 'ingester:gone:1',
          role: 'ingester',
          host: 'gone',
          pid: 1,
          startedAt: hoursAgo(30),
          beatAt: hoursAgo(25),
        },
        {
          id: 'ingester:crashed:2',
          role: 'ingester',
          host: 'crashed',
          pid: 2,
          startedAt: hoursAgo(3),
          beatAt: hoursAgo(2),
        },
      ],
    });
    const heartbeat = startHeartbeat({
      db: t.db,
      role: 'ingester',
      logger: capturedLogger().logger,
      intervalMs: 60_000,
      host: 'here',
      pid: 3,
    });
    await heartbeat.firstBeat;
    expect((await t.db.workerHeartbeat.findMany({ orderBy: { id: 'asc' } })).map((row) => row.id)).toEqual([
      'ingester:crashed:2',
      'ingester:here:3',
    ]);
    await heartbeat.stop();
  });

  it('writes UTC as Prisma does whatever the session time zone, so a beat from such a session is not stale', async () => {
    const newYork = createDb({
      url: `${t.url}?options=${encodeURIComponent('-c timezone=America/New_York')}`,
      poolSize: 1,
    });
    try {
      const [session] = await newYork.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS zone`;
      expect(session?.zone).toBe('America/New_York');
      const heartbeat = startHeartbeat({
        db: newYork,
        role: 'matcher',
        logger: capturedLogger().logger,
        intervalMs: 60_000,
        host: 'ny',
        pid: 5,
      });
      await heartbeat.firstBeat;
      const row = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: 'matcher:ny:5' } });
      expect(Math.abs(row.beatAt.getTime() - Date.now())).toBeLessThan(3600 * 1000);
      const matcher = (await loadWorkerLiveness(newYork)).find((r) => r.role === 'matcher')!;
      expect(matcher.alive).toBe(1);
      await heartbeat.stop();
    } finally {
      await newYork.$disconnect();
    }
  });

  it('logs a failed beat at warn and carries on; stop does not throw either', async () => {
    const unreachable = createDb({ url: t.url.replace(/\/[^/]+$/, '/alerts_no_such_database'), poolSize: 1 });
    const { logger, lines } = capturedLogger();
    const heartbeat = startHeartbeat({ db: unreachable, role: 'scheduler', logger, intervalMs: 20, host: 'h', pid: 9 });
    await heartbeat.firstBeat;
    // A second failed beat shows the timer survived the first failure.
    await until(
      async () =>
        lines.filter(
          (line) =>
            line.level === 'warn' &&
            line.msg === 'heartbeat failed: this instance may show as stale on the admin dashboard',
        ).length >= 2,
    );
    await expect(heartbeat.stop()).resolves.toBeUndefined();
    expect(lines.at(-1)).toMatchObject({ level: 'warn', heartbeat: 'scheduler:h:9' });
    await unreachable.$disconnect();
  });
});

describe('loadWorkerLiveness', () => {
  it('lists every role, live and stale instances by the database clock, and a role with none as not alive', async () => {
    const { logger } = capturedLogger();
    const live = startHeartbeat({ db: t.db, role: 'mailer', logger, intervalMs: 60_000, host: 'box-1', pid: 10 });
    await live.firstBeat;
    await t.db.workerHeartbeat.create({
      data: {
        id: 'mailer:box-2:11',
        role: 'mailer',
        host: 'box-2',
        pid: 11,
        startedAt: hoursAgo(1),
        beatAt: new Date(Date.now() - 5 * 60 * 1000),
      },
    });
    await t.db.workerHeartbeat.create({
      data: { id: 'reporter:box-3:12', role: 'reporter', host: 'box-3', pid: 12, beatAt: hoursAgo(1) },
    });
    const roles = await loadWorkerLiveness(t.db);
    expect(roles.map((r) => [r.role, r.alive, r.instances.length])).toEqual([
      ['scheduler', 0, 0],
      ['ingester', 0, 0],
      ['matcher', 0, 0],
      ['mailer', 1, 2],
      ['reporter', 0, 1],
    ]);
    const mailer = roles.find((r) => r.role === 'mailer')!;
    const stale = mailer.instances.find((i) => i.id === 'mailer:box-2:11')!;
    expect(stale.stale).toBe(true);
    expect(stale.ageSeconds).toBeGreaterThan(60);
    expect(mailer.instances.find((i) => i.id === 'mailer:box-1:10')!.stale).toBe(false);
    // A shorter limit (tests, or a stricter operator) makes even a recent beat stale.
    expect((await loadWorkerLiveness(t.db, { staleAfterSeconds: -1 })).find((r) => r.role === 'mailer')!.alive).toBe(0);
    await live.stop();
  });
});
