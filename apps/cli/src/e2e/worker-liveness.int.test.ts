import fs from 'node:fs';
import { createServer } from 'node:net';
import { createRedis } from '@alerts/queue';
import { createTokenSigner, hashPassword } from '@alerts/tokens';
import { buildApp } from '@alerts/web';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { startDeployment, type Deployment } from './deployment';
import { startNpmProcess, stopAll, waitFor, type RoleProcess } from './role-process';

// Liveness as an operator sees it: a matcher started as deployed (`npm start -w @alerts/matcher`) writes its heartbeat
// row; SIGTERM removes it; SIGKILL leaves it, and the admin dashboard and /metrics then call it stale. The processes
// beat every quarter second and the app calls an instance stale after 2 s, so the test waits seconds, not minutes.

const STALE_AFTER_SECONDS = 2;
const PASSWORD = 'correct horse battery staple';

let deployment: Deployment;
let redis: Redis;
let app: FastifyInstance;
let jar: Record<string, string>;

// Per test, as startDeployment names its log folder after the running test.
beforeEach(async () => {
  deployment = await startDeployment({ area: 'worker-liveness', env: { HEARTBEAT_INTERVAL_SECONDS: '0.25' } });
  redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  app = await buildApp({
    db: deployment.t.db,
    redis,
    queues: deployment.queues,
    signer: createTokenSigner('test-token-secret-0123456789abcdefghijkl'),
    config: {
      baseUrl: 'http://alerts.test',
      devMailboxDir: null,
      sessionSecret: 'test-admin-session-secret-0123456789abcdef',
      secureCookies: false,
      workerStaleAfterSeconds: STALE_AFTER_SECONDS,
    },
  });
  await deployment.t.db.adminUser.create({
    data: { email: 'ops@example.org', passwordHash: await hashPassword(PASSWORD) },
  });
  jar = await logIn();
}, 60_000);
afterEach(async () => {
  await app.close();
  await redis.quit();
  await deployment.close();
}, 60_000);

/** Cookies of Set-Cookie headers added to a jar. */
function withCookies(jarIn: Record<string, string>, setCookie: string | string[] | undefined) {
  const out = { ...jarIn };
  for (const line of [setCookie ?? []].flat()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    out[pair!.slice(0, at)] = pair!.slice(at + 1);
  }
  return out;
}

async function logIn() {
  const page = await app.inject('/admin/login');
  const cookies = withCookies({}, page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies,
    payload: new URLSearchParams({ _csrf: cookies.csrf!, email: 'ops@example.org', password: PASSWORD }).toString(),
  });
  expect(response.statusCode).toBe(303);
  return withCookies(cookies, response.headers['set-cookie']);
}

const dashboard = async () => {
  const response = await app.inject({ url: '/admin', cookies: jar });
  expect(response.statusCode).toBe(200);
  return response.body;
};
const metrics = async () => (await app.inject('/metrics')).body;
const heartbeatRows = () => deployment.t.db.workerHeartbeat.findMany({ where: { role: 'matcher' } });

/** Start a matcher and wait for its heartbeat row; the row's id names the node process (npm's pid is another). */
async function startMatcher(name: string): Promise<{ process: RoleProcess; id: string }> {
  const process = deployment.start('matcher', name);
  await process.started;
  const row = await waitFor(async () => (await heartbeatRows())[0], {
    timeoutMs: 20_000,
    describe: () => `no heartbeat row from ${name}`,
  });
  return { process, id: row.id };
}

it('a matcher process beats while it runs and removes its heartbeat on SIGTERM', async () => {
  const { process: matcher, id } = await startMatcher('matcher-terminated');
  expect(id).toMatch(/^matcher:[^:]+:\d+$/);
  const page = await dashboard();
  expect(page).toContain('<strong>matcher</strong>: 1 live instance');
  expect(page).toContain(`pid ${id.split(':')[2]}`);
  expect(page).not.toContain('No live matcher');
  expect(page).toContain('No live mailer: no email is sent');
  const scraped = await metrics();
  expect(scraped).toContain('alerts_worker_instances_alive{role="matcher"} 1');
  expect(scraped).toContain('alerts_worker_instances_alive{role="mailer"} 0');
  expect(scraped).toMatch(new RegExp(`alerts_worker_heartbeat_age_seconds\\{role="matcher",instance="${id}"\\} \\d`));
  // The role checked Redis at start: the local one runs without persistence.
  await waitFor(
    async () => (fs.readFileSync(matcher.logFile, 'utf8').includes('"code":"REDIS_NO_PERSISTENCE"') ? true : undefined),
    {
      timeoutMs: 10_000,
      describe: () => `no Redis persistence warning in ${matcher.logFile}`,
    },
  );

  // `exited` is npm's exit; node shuts down on its own signal, so wait for the row rather than for a process.
  matcher.signal('SIGTERM');
  // A graceful stop waits for the worker to close its queue connections: slow on a loaded machine, so a generous wait.
  await waitFor(async () => ((await heartbeatRows()).length === 0 ? true : undefined), {
    timeoutMs: 60_000,
    describe: () => `${id} still has a heartbeat row after SIGTERM`,
  });
  await matcher.exited;
  expect(await dashboard()).toContain(
    'No live matcher: new answers are not matched to alerts. None has beaten in the last day.',
  );
}, 90_000);

it('a killed matcher leaves its row, which the dashboard and /metrics call stale', async () => {
  const { process: matcher, id } = await startMatcher('matcher-killed');
  matcher.signal('SIGKILL');
  await matcher.exited;
  expect((await heartbeatRows()).map((row) => row.id)).toEqual([id]);
  const page = await waitFor(
    async () => {
      const body = await dashboard();
      return body.includes('STALE: ') ? body : undefined;
    },
    {
      timeoutMs: 20_000,
      describe: async () =>
        `the dashboard never marked ${id} stale:\n${(await dashboard()).match(/<h2 id="workers">[\s\S]*?<\/ul>\n<p class="meta">/)?.[0]}`,
    },
  );
  expect(page).toContain('No live matcher: new answers are not matched to alerts. Its last instances stopped beating.');
  expect(page).toContain('<strong>matcher</strong>: 0 live instances, <strong>1 stale</strong>');
  expect(page).toMatch(new RegExp(`<li class="error">STALE: [^<]*pid ${id.split(':')[2]}, `));
  const scraped = await metrics();
  expect(scraped).toContain('alerts_worker_instances_alive{role="matcher"} 0');
  expect(scraped).toMatch(new RegExp(`alerts_worker_heartbeat_age_seconds\\{role="matcher",instance="${id}"\\} \\d`));
}, 90_000);

it('`npm start` beats once per role it runs, five rows sharing its pid, and removes them on SIGTERM', async () => {
  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
      server.on('error', reject);
    });
  const port = await freePort();
  const bouncePort = await freePort();
  const system = startNpmProcess({
    name: 'npm-start',
    args: ['start', '--silent', '--', '--no-demo'],
    startedMarker: 'Parliament Alerts is running',
    env: {
      ...deployment.env,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      BOUNCE_SMTP_PORT: String(bouncePort),
    },
    logDir: deployment.logDir,
  });
  try {
    await system.started;
    const rows = await waitFor(
      async () => {
        const all = await deployment.t.db.workerHeartbeat.findMany({ orderBy: { role: 'asc' } });
        return all.length === 5 ? all : undefined;
      },
      { timeoutMs: 20_000, describe: () => 'npm start did not write five heartbeat rows' },
    );
    expect(rows.map((row) => row.role)).toEqual(['bouncer', 'ingester', 'mailer', 'matcher', 'scheduler']);
    expect(new Set(rows.map((row) => `${row.host}:${row.pid}`)).size).toBe(1);
    expect(await dashboard()).not.toContain('No live ');
    system.signal('SIGTERM');
    await waitFor(async () => ((await deployment.t.db.workerHeartbeat.count()) === 0 ? true : undefined), {
      timeoutMs: 30_000,
      describe: () => 'npm start left heartbeat rows after SIGTERM',
    });
  } finally {
    await stopAll([system]);
  }
}, 120_000);
