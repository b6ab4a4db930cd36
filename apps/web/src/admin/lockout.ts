import type { Db } from '@alerts/db';

/** Failed logins an account may have before it locks. */
export const FREE_FAILURES = 4;
/** The first lock lasts a minute; each further failure doubles it, up to an hour. */
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3600_000;

/** How long an account with `failures` failed logins in a row stays locked, in ms (0 = not locked). */
export function lockDurationMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES - 1), LONGEST_LOCK_MS);
}

/**
 * Count a failed login against an account (whatever address it came from) and lock it when over the limit: the
 * per-IP rate limit alone lets a botnet guess on. A failure while locked extends the lock.
 */
export async function recordLoginFailure(db: Db, adminId: string, now = new Date()): Promise<void> {
  const { failedLogins } = await db.adminUser.update({ where: { id: adminId }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
  const lock = lockDurationMs(failedLogins);
  if (lock) await db.adminUser.update({ where: { id: adminId }, data: { lockedUntil: new Date(now.getTime() + lock) } });
}
