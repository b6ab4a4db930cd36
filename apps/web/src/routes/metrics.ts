import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, notFound } from '../http-error';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { HEARTBEAT_STALE_AFTER_SECONDS, loadWorkerLiveness } from '@alerts/runtime';
import type { AppDeps } from '../deps';

/**
 * `/metrics` for Prometheus. Figures are read at scrape time from Redis and PostgreSQL, so they are right whichever
 * process did the work: queue depths per state, the mean duration of recently completed jobs, emails by status,
 * matches, ingest lag, records in quarantine, and each worker role's heartbeats. One registry per app, so tests can
 * build several apps in one process.
 */
export function registerMetricsRoute(app: FastifyInstance, deps: AppDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'alerts_web_' });

  new Gauge({
    name: 'alerts_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of deps.queues.all) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'alerts_queue_recent_job_duration_seconds',
    help: 'Mean processing time of the last 50 completed jobs per queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const queue of deps.queues.all) {
        const jobs = await queue.getJobs(['completed'], 0, 49);
        const times = jobs
          .filter((j) => j.finishedOn && j.processedOn)
          .map((j) => (j.finishedOn! - j.processedOn!) / 1000);
        this.set({ queue: queue.name }, times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0);
      }
    },
  });
  new Gauge({
    name: 'alerts_emails',
    help: 'Deliveries by kind and status (sent, failed, suppressed, pending), all time',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.db.delivery.groupBy({ by: ['kind', 'status'], _count: { _all: true } });
      for (const row of rows) this.set({ kind: row.kind, status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: 'alerts_matches',
    help: 'Matches found, all time (the tally the matcher keeps: it does not fall when alerts and their matches are deleted)',
    registers: [registry],
    async collect() {
      const [row] = await deps.db.$queryRaw<
        { n: bigint }[]
      >`SELECT coalesce(sum(matches), 0)::bigint AS n FROM "MatchTally"`;
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: 'alerts_ingest_lag_seconds',
    help: 'Seconds since the last successful ingest run finished (-1 when none has)',
    registers: [registry],
    async collect() {
      const last = await deps.db.ingestRun.findFirst({
        where: { status: 'SUCCEEDED' },
        orderBy: { finishedAt: 'desc' },
        select: { finishedAt: true },
      });
      this.set(last?.finishedAt ? (Date.now() - last.finishedAt.getTime()) / 1000 : -1);
    },
  });

  const staleAfterSeconds = deps.config.workerStaleAfterSeconds ?? HEARTBEAT_STALE_AFTER_SECONDS;
  new Gauge({
    name: 'alerts_worker_heartbeat_age_seconds',
    help: 'Seconds since each worker role instance (role:host:pid) last beat; a graceful stop removes its series, a crash leaves it growing',
    labelNames: ['role', 'instance'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const role of await loadWorkerLiveness(deps.db, { staleAfterSeconds })) {
        for (const instance of role.instances)
          this.set({ role: role.role, instance: instance.id }, instance.ageSeconds);
      }
    },
  });
  new Gauge({
    name: 'alerts_worker_instances_alive',
    help: `Instances of each worker role that beat within the last ${staleAfterSeconds} s; 0 means nothing does that role's work`,
    labelNames: ['role'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const role of await loadWorkerLiveness(deps.db, { staleAfterSeconds }))
        this.set({ role: role.role }, role.alive);
    },
  });
  new Gauge({
    name: 'alerts_ingest_quarantined_records',
    help: 'Records ingestion could not store (detail fetch failed or rejected as malformed) and is still retrying, per source',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.db.quarantinedRecord.groupBy({
        by: ['source'],
        where: { resolvedAt: null },
        _count: { _all: true },
      });
      // Always a parliament series, so an alert rule on it sees 0 rather than no data.
      this.set({ source: 'parliament' }, 0);
      for (const row of rows) this.set({ source: row.source }, row._count._all);
    },
  });
  new Gauge({
    name: 'alerts_owed_work',
    help: 'Work the ledger holds and not yet done: emails owed (PENDING deliveries), match ranges not yet matched, digest runs not yet planned',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const [emails, matchRanges, digestRuns] = await Promise.all([
        deps.db.delivery.count({ where: { status: 'PENDING' } }),
        deps.db.matchWork.count(),
        deps.db.digestRun.count({ where: { plannedAt: null } }),
      ]);
      this.set({ kind: 'emails' }, emails);
      this.set({ kind: 'match_ranges' }, matchRanges);
      this.set({ kind: 'digest_runs' }, digestRuns);
    },
  });

  app.get('/metrics', { onRequest: metricsGuard(deps.config.metricsToken ?? null) }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may scrape: with a token, only a request carrying it (`Authorization: Bearer …`, else 401); without one, only
 * a direct request from this machine: the socket's address, not the proxy-derived one, and no X-Forwarded-For (a
 * reverse proxy on the same machine forwards the world). Anyone else gets 404, as if there were no such page.
 */
function metricsGuard(token: string | null) {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return async (request: FastifyRequest) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new HttpError(401, 'This page needs the metrics token.');
      return;
    }
    const direct = LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
    if (!direct) throw notFound();
  };
}
