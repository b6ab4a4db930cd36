import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { createQueues, createRedis, type Queues } from '@alerts/queue';
import type { Redis } from 'ioredis';
import { REPO_ROOT, startRoleProcess, stopAll, type Role, type RoleProcess } from './role-process';

export interface Deployment {
  smtp: TestSmtpServer;
  t: TestDatabase;
  queues: Queues;
  /** What every process of the deployment is given on top of this process's environment. */
  env: Record<string, string>;
  /** Where the processes' logs go. */
  logDir: string;
  /**
   * Start one role as its own process (`npm start -w @alerts/<role>`) with the deployment's environment, and `env`
   * on top for this process alone (a matcher's MATCHER_PARTITIONS, say).
   */
  start(role: Role, name?: string, env?: Record<string, string>): RoleProcess;
  /** Stop every process, then remove the queues, the database and the SMTP server. */
  close(): Promise<void>;
}

/**
 * What a test of the system as deployed needs: a fresh database, a fresh queue prefix on the real Redis, a real SMTP
 * server, and roles started as separate processes whose logs go to `artifacts/<area>/<test name>/`.
 * `env` is added to every process's environment (the test's schedule, partitions, lock times…).
 */
export async function startDeployment(options: {
  area: string;
  env: Record<string, string>;
  /** A Redis of the test's own (one it can restart); default REDIS_URL or the local one. */
  redisUrl?: string;
  /** Where the processes send mail instead of the SMTP server itself (a gate the test can close). */
  smtpUrl?: (smtp: TestSmtpServer) => Promise<string>;
}): Promise<Deployment> {
  const smtp = await startTestSmtpServer();
  const t = await createTestDatabase();
  const prefix = `${options.area}-${randomBytes(4).toString('hex')}`;
  const logDir = path.join(
    REPO_ROOT,
    'artifacts',
    options.area,
    (expect.getState().currentTestName ?? 'all').replace(/\W+/g, '-'),
  );
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis: Redis = createRedis(redisUrl);
  // A test may restart its Redis: the client reconnects by itself, and the refusals meanwhile are expected.
  redis.on('error', () => {});
  // Every partition's match queue up front, so a test waiting on the queues sees each.
  const queues = createQueues({
    connection: redis,
    prefix,
    matchPartitions: Number(options.env.MATCH_PARTITIONS ?? 4),
  });
  const processes: RoleProcess[] = [];
  const env = {
    DATABASE_URL: t.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SMTP_URL: options.smtpUrl ? await options.smtpUrl(smtp) : smtp.url,
    MAILER_RATE_PER_SECOND: '1000',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  return {
    smtp,
    t,
    queues,
    env,
    logDir,
    start(role, name, own = {}) {
      const p = startRoleProcess({ role, ...(name ? { name } : {}), logDir, env: { ...env, ...own } });
      processes.push(p);
      return p;
    },
    async close() {
      await stopAll(processes);
      for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
      await queues.close();
      await redis.quit();
      await t.drop();
      await smtp.close();
    },
  };
}
