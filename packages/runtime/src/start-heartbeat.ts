import os from 'node:os';
import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import type { WorkerRole } from './worker-roles';

export interface HeartbeatOptions {
  db: Db;
  role: WorkerRole;
  logger: Logger;
  /** Milliseconds between beats. Default 15 000; keep it well under the dashboard's 60 s staleness limit. */
  intervalMs?: number;
  /** Rows of any instance not beaten for this long (ms) are deleted at each beat. Default one day. */
  pruneAfterMs?: number;
  /** Default the machine's host name and this process's pid. */
  host?: string;
  pid?: number;
}

export interface Heartbeat {
  /** `role:host:pid`, the row's id. */
  id: string;
  /** Resolves once the first beat has been attempted (it never rejects: a failed beat is only logged). */
  firstBeat: Promise<void>;
  /** Stop beating and delete this instance's row, so a graceful shutdown does not look like a crash. */
  stop(): Promise<void>;
}

const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000;
const DEFAULT_PRUNE_AFTER_MS = 24 * 3600 * 1000;

/**
 * Record in PostgreSQL, every `intervalMs`, that this instance of `role` is alive (PostgreSQL, not Redis: Redis may
 * restart empty). Times are the database's clock, `now() AT TIME ZONE 'UTC'` as Prisma stores them, so instances on
 * hosts with skewed clocks are judged alike. The timer is unref'd (it never keeps a process alive) and a failed beat
 * is logged at warn: losing the database must not crash a worker that can still drain its jobs.
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const { db, role, logger } = options;
  const host = options.host ?? os.hostname();
  const pid = options.pid ?? process.pid;
  const id = `${role}:${host}:${pid}`;
  const pruneAfterSeconds = (options.pruneAfterMs ?? DEFAULT_PRUNE_AFTER_MS) / 1000;
  let first = true;
  let inFlight: Promise<void> | undefined;

  const beat = async () => {
    // A restarted container often has the same host and pid as the one that died: the first beat restarts the clock.
    const restart = first;
    first = false;
    try {
      await db.$executeRaw`
        INSERT INTO "WorkerHeartbeat" (id, role, host, pid, "startedAt", "beatAt")
        VALUES (${id}, ${role}, ${host}, ${pid}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
        ON CONFLICT (id) DO UPDATE SET "beatAt" = EXCLUDED."beatAt",
          "startedAt" = CASE WHEN ${restart} THEN EXCLUDED."startedAt" ELSE "WorkerHeartbeat"."startedAt" END`;
      await db.$executeRaw`
        DELETE FROM "WorkerHeartbeat" WHERE "beatAt" < now() AT TIME ZONE 'UTC' - make_interval(secs => ${pruneAfterSeconds})`;
    } catch (error) {
      logger.warn(
        { err: error, heartbeat: id },
        'heartbeat failed: this instance may show as stale on the admin dashboard',
      );
    }
  };
  // Beats never overlap: a slow database skips a beat rather than piling them up.
  const tick = () => {
    if (inFlight) return;
    inFlight = beat().finally(() => (inFlight = undefined));
  };

  tick();
  const firstBeat = inFlight ?? Promise.resolve();
  const timer = setInterval(tick, options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  timer.unref();

  return {
    id,
    firstBeat,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      try {
        await db.workerHeartbeat.deleteMany({ where: { id } });
      } catch (error) {
        logger.warn(
          { err: error, heartbeat: id },
          'could not remove the heartbeat row; it shows as stale until pruned',
        );
      }
    },
  };
}
