import { isIPv6 } from 'node:net';
import type { Db } from '@alerts/db';

/** Failed logins one client may make against an account before that client is locked out of it. */
const FREE_FAILURES = 4;
/**
 * Failures against one account from every client over the last day above which each client's allowance drops to
 * none: a botnet's next guess from a new address locks that address at once. It never locks the account: a client
 * with no failures of its own still logs in.
 */
const ACCOUNT_CEILING = 20;
/** How long failures count towards the ceiling, and how long a client's count is kept without a new failure. */
const WINDOW_MS = 24 * 3600_000;
/** The first lock lasts a minute; each further failure doubles it, up to an hour. */
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3600_000;

/** How long a client with `failures` failed logins in a row stays locked, in ms (0 = not locked). */
export function lockDurationMs(failures: number, free = FREE_FAILURES): number {
  if (failures <= free) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - free - 1), LONGEST_LOCK_MS);
}

/**
 * Who the lock applies to: an IPv4 address, or an IPv6 address's /64 (one customer's network: the addresses within
 * it are free to rotate through).
 */
export function loginClient(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Whether `client` is locked out of the account now. */
export async function isLockedOut(db: Db, input: { adminId: string; client: string; now: Date }): Promise<boolean> {
  const row = await db.adminLoginFailure.findUnique({
    where: { adminUserId_client: { adminUserId: input.adminId, client: input.client } },
    select: { lockedUntil: true },
  });
  return Boolean(row?.lockedUntil && row.lockedUntil > input.now);
}

/**
 * Count a failed login by `client` against an account, and lock that client out of it when over its allowance (a
 * failure while locked extends the lock). Other clients are untouched, so knowing an admin's address is not enough
 * to lock them out; the account-wide ceiling only shrinks every client's allowance.
 */
export async function recordLoginFailure(db: Db, input: { adminId: string; client: string; now: Date }): Promise<void> {
  const since = new Date(input.now.getTime() - WINDOW_MS);
  // A client whose last failure is older than the window starts again; the rows of such clients are pruned here.
  await db.adminLoginFailure.deleteMany({
    where: {
      adminUserId: input.adminId,
      lastFailedAt: { lt: since },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: input.now } }],
    },
  });
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "AdminLoginFailure" ("adminUserId", client, failures, "lastFailedAt") VALUES (${input.adminId}, ${input.client}, 1, ${input.now})
    ON CONFLICT ("adminUserId", client) DO UPDATE SET failures = "AdminLoginFailure".failures + 1, "lastFailedAt" = EXCLUDED."lastFailedAt"
    RETURNING failures`;
  const total = await db.adminLoginFailure.aggregate({
    where: { adminUserId: input.adminId, lastFailedAt: { gte: since } },
    _sum: { failures: true },
  });
  const lock = lockDurationMs(row!.failures, (total._sum.failures ?? 0) > ACCOUNT_CEILING ? 0 : FREE_FAILURES);
  if (lock) {
    await db.adminLoginFailure.update({
      where: { adminUserId_client: { adminUserId: input.adminId, client: input.client } },
      data: { lockedUntil: new Date(input.now.getTime() + lock) },
    });
  }
}

/** A successful login clears that client's failures (not other clients'). */
export async function clearLoginFailures(db: Db, input: { adminId: string; client: string }): Promise<void> {
  await db.adminLoginFailure.deleteMany({ where: { adminUserId: input.adminId, client: input.client } });
}
