import type { SoftBouncePolicy } from '@alerts/config';
import type { Db, Prisma } from '@alerts/db';
import type { BounceReport } from './bounce-reports';
import { softBouncesSuppress } from './soft-bounces-suppress';

/** What became of one report. */
export interface BounceOutcome {
  email: string;
  kind: BounceReport['kind'];
  /**
   * `duplicate`: this report was recorded before, nothing done. `suppressed`: the address is now suppressed.
   * `already-suppressed`: it was. `counted`: a soft bounce below the threshold. A complaint also `unsubscribed`.
   */
  action: 'duplicate' | 'suppressed' | 'already-suppressed' | 'counted';
  unsubscribed: boolean;
}

const KIND = { hard: 'HARD', soft: 'SOFT', complaint: 'COMPLAINT' } as const;
const REASON = { hard: 'HARD_BOUNCE', soft: 'SOFT_BOUNCES', complaint: 'COMPLAINT' } as const;

/**
 * Act on bounces and complaints, whichever way they came in (the bouncer, the SES webhook): record each as a
 * BounceEvent with its evidence, then a hard bounce suppresses the address; a complaint suppresses it and
 * unsubscribes it (the subscriber and all their alerts and follows are deleted, and no goodbye email is sent to
 * someone who called ours spam); a soft bounce suppresses once `policy` says enough have come (`softBouncesSuppress`).
 * The suppression names its reason and links the event. A report already recorded (same dedupe key) does nothing,
 * so a redelivered notification is harmless. Reports about one address are serialised by an advisory lock, so two
 * receivers counting soft bounces at once cannot both miss the threshold.
 */
export async function recordBounceReports(
  db: Db,
  reports: BounceReport[],
  options: { policy: SoftBouncePolicy; now?: Date },
): Promise<BounceOutcome[]> {
  const outcomes: BounceOutcome[] = [];
  for (const report of reports) {
    outcomes.push(await db.$transaction((tx) => recordOne(tx, report, options.policy, options.now ?? new Date())));
  }
  return outcomes;
}

async function recordOne(
  tx: Prisma.TransactionClient,
  report: BounceReport,
  policy: SoftBouncePolicy,
  now: Date,
): Promise<BounceOutcome> {
  const { email, kind } = report;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bounce:${email}`}))`;
  const [inserted] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "BounceEvent" (email, kind, channel, format, status, diagnostic, evidence, "dedupeKey", "receivedAt")
    VALUES (${email}, ${KIND[kind]}::"BounceKind", ${report.channel}, ${report.format}, ${report.status}, ${report.diagnostic}, ${report.evidence}, ${report.dedupeKey}, ${now})
    ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`;
  if (!inserted) return { email, kind, action: 'duplicate', unsubscribed: false };

  let unsubscribed = false;
  if (kind === 'complaint') unsubscribed = (await tx.subscriber.deleteMany({ where: { email } })).count > 0;
  if (kind === 'soft') {
    const soft = await tx.bounceEvent.findMany({
      where: { email, kind: 'SOFT', clearedAt: null, receivedAt: { gte: new Date(now.getTime() - policy.windowMs) } },
      select: { receivedAt: true },
    });
    if (
      !softBouncesSuppress(
        soft.map((event) => event.receivedAt),
        policy,
      )
    )
      return { email, kind, action: 'counted', unsubscribed };
  }
  const existing = await tx.suppression.findUnique({ where: { email }, select: { email: true } });
  if (existing) return { email, kind, action: 'already-suppressed', unsubscribed };
  const detail = [report.status, report.diagnostic].filter(Boolean).join(' ').slice(0, 200) || null;
  await tx.suppression.create({
    data: { email, reason: REASON[kind], detail, bounceEventId: inserted.id, createdAt: now },
  });
  return { email, kind, action: 'suppressed', unsubscribed };
}

/**
 * Deliveries reported for these addresses (an SES Delivery notification): their soft bounces so far stop counting,
 * as the threshold asks for soft bounces with none delivered in between. Returns how many events were cleared.
 */
export async function recordDeliveries(
  db: Pick<Db, 'bounceEvent'>,
  emails: string[],
  now = new Date(),
): Promise<number> {
  if (!emails.length) return 0;
  const { count } = await db.bounceEvent.updateMany({
    where: { email: { in: emails.map((email) => email.toLowerCase()) }, kind: 'SOFT', clearedAt: null },
    data: { clearedAt: now },
  });
  return count;
}

/**
 * Lift an address's suppression (an admin's decision): the row goes, and its soft bounces so far stop counting, so
 * the next one does not suppress it again at once. Its bounce events stay, as history. Returns whether it was
 * suppressed. Call inside the transaction that writes the audit entry.
 */
export async function liftSuppression(
  tx: Pick<Prisma.TransactionClient, 'suppression' | 'bounceEvent'>,
  email: string,
  now = new Date(),
): Promise<boolean> {
  const { count } = await tx.suppression.deleteMany({ where: { email } });
  if (count)
    await tx.bounceEvent.updateMany({ where: { email, kind: 'SOFT', clearedAt: null }, data: { clearedAt: now } });
  return count > 0;
}
