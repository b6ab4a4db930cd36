import type { Db, Prisma } from '@alerts/db';
import { ADMIN_PAGE_SIZE } from './find-subscriptions';

export const FOLLOW_STATES = ['waiting', 'following', 'ended'] as const;
export type FollowState = (typeof FOLLOW_STATES)[number];

export interface FollowFilter {
  /** Part of the follower's address, any case. */
  q: string;
  /** Only the followers of this question. */
  questionId: number | null;
  state: '' | FollowState;
  page: number;
}

/**
 * A follow's state as the pipeline treats it: waiting for its double opt-in; following (it may still mail); ended
 * (told of a correction or withdrawal, or its correction window after the answer has passed: the same rule as
 * FOLLOW_MAY_RECEIVE_MAIL_SQL).
 */
function followState(
  f: { confirmedAt: Date | null; endedAt: Date | null; endsAt: Date | null },
  now: Date,
): FollowState {
  if (f.endedAt || (f.endsAt && f.endsAt <= now)) return 'ended';
  return f.confirmedAt ? 'following' : 'waiting';
}

const STATE_WHERE: Record<FollowState, (now: Date) => Prisma.FollowWhereInput> = {
  ended: (now) => ({ OR: [{ endedAt: { not: null } }, { endsAt: { lte: now } }] }),
  following: (now) => ({ confirmedAt: { not: null }, endedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] }),
  waiting: (now) => ({ confirmedAt: null, endedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] }),
};

/**
 * One page of follows matching the filter, newest first, each with its follower's address and its question, and the
 * total for the pager. Three queries whatever the page holds (the count, the follows, and Prisma's one batched read
 * per relation), never one per row.
 */
export async function findFollows(db: Db, filter: FollowFilter, now = new Date()) {
  const where: Prisma.FollowWhereInput = {
    AND: [
      filter.q ? { subscriber: { email: { contains: filter.q, mode: 'insensitive' } } } : {},
      filter.questionId !== null ? { questionId: filter.questionId } : {},
      filter.state ? STATE_WHERE[filter.state](now) : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db.follow.count({ where }),
    db.follow.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (filter.page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        confirmedAt: true,
        endedAt: true,
        endsAt: true,
        wantsOverdueNote: true,
        overdueNotedAt: true,
        subscriber: { select: { email: true, status: true } },
        question: { select: { id: true, house: true, uin: true, heading: true, questionText: true, state: true } },
      },
    }),
  ]);
  return { total, rows: rows.map((row) => ({ ...row, state: followState(row, now) })) };
}
