import type { FastifyInstance } from 'fastify';
import { createTestContext, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
});
afterAll(() => ctx.close());
afterEach(() => ctx.db.workerHeartbeat.deleteMany());

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
/** The value of one series in a scrape, or undefined when it is absent. */
const series = (body: string, name: string) => {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

describe('/metrics worker heartbeats', () => {
  it("exports each instance's heartbeat age and each role's live instances, every role listed", async () => {
    await ctx.db.workerHeartbeat.createMany({
      data: [
        { id: 'mailer:a:1', role: 'mailer', host: 'a', pid: 1, beatAt: ago(2) },
        { id: 'mailer:b:2', role: 'mailer', host: 'b', pid: 2, beatAt: ago(600) },
        { id: 'ingester:a:3', role: 'ingester', host: 'a', pid: 3, beatAt: ago(5) },
      ],
    });
    const body = (await app.inject('/metrics')).body;
    expect(body).toContain('# TYPE alerts_worker_heartbeat_age_seconds gauge');
    expect(series(body, 'alerts_worker_heartbeat_age_seconds{role="mailer",instance="mailer:a:1"}')).toBeLessThan(60);
    expect(series(body, 'alerts_worker_heartbeat_age_seconds{role="mailer",instance="mailer:b:2"}')).toBeGreaterThan(
      590,
    );
    expect(series(body, 'alerts_worker_instances_alive{role="mailer"}')).toBe(1);
    expect(series(body, 'alerts_worker_instances_alive{role="ingester"}')).toBe(1);
    expect(series(body, 'alerts_worker_instances_alive{role="matcher"}')).toBe(0);
    expect(series(body, 'alerts_worker_instances_alive{role="scheduler"}')).toBe(0);
  });

  it('drops the series of an instance whose row is gone (a graceful stop)', async () => {
    await ctx.db.workerHeartbeat.create({ data: { id: 'matcher:a:9', role: 'matcher', host: 'a', pid: 9 } });
    expect(series((await app.inject('/metrics')).body, 'alerts_worker_instances_alive{role="matcher"}')).toBe(1);
    await ctx.db.workerHeartbeat.deleteMany();
    const body = (await app.inject('/metrics')).body;
    expect(body).not.toContain('instance="matcher:a:9"');
    expect(series(body, 'alerts_worker_instances_alive{role="matcher"}')).toBe(0);
  });

  it("uses the app's staleness limit", async () => {
    const strict = await ctx.makeApp({ workerStaleAfterSeconds: 1 });
    await ctx.db.workerHeartbeat.create({
      data: { id: 'mailer:a:1', role: 'mailer', host: 'a', pid: 1, beatAt: ago(30) },
    });
    expect(series((await strict.inject('/metrics')).body, 'alerts_worker_instances_alive{role="mailer"}')).toBe(0);
    expect(series((await app.inject('/metrics')).body, 'alerts_worker_instances_alive{role="mailer"}')).toBe(1);
  });
});
