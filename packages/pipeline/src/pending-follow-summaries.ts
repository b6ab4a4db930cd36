import type { Db } from '@alerts/db';

/** A subscriber's unconfirmed follows, worded for the confirmation email beside their alerts. */
export async function pendingFollowSummaries(db: Db, subscriberId: string): Promise<{ description: string }[]> {
  const follows = await db.follow.findMany({
    where: { subscriberId, confirmedAt: null },
    orderBy: { createdAt: 'asc' },
    take: 100,
    select: { question: { select: { house: true, uin: true, heading: true } } },
  });
  return follows.map(({ question: q }) => ({
    description: `email me when ${q.house} question ${q.uin}${q.heading ? ` (${q.heading})` : ''} is answered`.slice(0, 500),
  }));
}
