import type { Db } from '@alerts/db';
import { WORKER_ROLES } from './worker-roles';

/** The dashboard and /metrics call an instance stale when it has not beaten for longer than this (seconds). */
export const HEARTBEAT_STALE_AFTER_SECONDS = 60;

export interface WorkerInstance {
  /** `role:host:pid`. */
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
  beatAt: Date;
  /** Seconds since its last beat, by the database's clock. */
  ageSeconds: number;
  stale: boolean;
}

export interface RoleLiveness {
  role: string;
  /** Oldest first. */
  instances: WorkerInstance[];
  /** Instances not stale. Zero means nothing is doing this role's work. */
  alive: number;
}

/**
 * Every worker role with its instances, read from the heartbeat rows: the four known roles always (a role never
 * started shows with no instance), then any other role a row names. Ages are computed by PostgreSQL, whose clock
 * wrote the beats.
 */
export async function loadWorkerLiveness(
  db: Db,
  options: { staleAfterSeconds?: number } = {},
): Promise<RoleLiveness[]> {
  const staleAfter = options.staleAfterSeconds ?? HEARTBEAT_STALE_AFTER_SECONDS;
  const rows = await db.$queryRaw<
    { id: string; role: string; host: string; pid: number; startedAt: Date; beatAt: Date; ageSeconds: number }[]
  >`
    SELECT id, role, host, pid, "startedAt", "beatAt",
      extract(epoch FROM (now() AT TIME ZONE 'UTC') - "beatAt")::float8 AS "ageSeconds"
    FROM "WorkerHeartbeat" ORDER BY role, "startedAt", id`;
  const roles = [...new Set<string>([...WORKER_ROLES, ...rows.map((row) => row.role)])];
  return roles.map((role) => {
    const instances = rows
      .filter((row) => row.role === role)
      .map(({ role: _role, ...row }) => ({
        ...row,
        ageSeconds: Math.max(0, row.ageSeconds),
        stale: row.ageSeconds > staleAfter,
      }));
    return { role, instances, alive: instances.filter((instance) => !instance.stale).length };
  });
}
