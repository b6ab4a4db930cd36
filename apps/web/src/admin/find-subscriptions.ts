import type { Db, Frequency, Prisma } from '@alerts/db';

export interface SubscriptionFilter {
  /** Part of the email address or of the query, any case. */
  q: string;
  state: '' | 'pending' | 'active' | 'paused' | 'disabled';
  frequency: '' | Frequency;
  page: number;
}

export const ADMIN_PAGE_SIZE = 25;

/** The state the admin pages filter and count by; STATE_WHERE below is the same rule as a database filter. */
export function subscriptionState(s: { disabledAt: Date | null; confirmedAt: Date | null; paused: boolean }): Exclude<SubscriptionFilter['state'], ''> {
  return s.disabledAt ? 'disabled' : !s.confirmedAt ? 'pending' : s.paused ? 'paused' : 'active';
}

const STATE_WHERE: Record<Exclude<SubscriptionFilter['state'], ''>, Prisma.SubscriptionWhereInput> = {
  pending: { confirmedAt: null, disabledAt: null },
  active: { confirmedAt: { not: null }, paused: false, disabledAt: null },
  paused: { paused: true, disabledAt: null },
  disabled: { disabledAt: { not: null } },
};

/** One page of subscriptions matching the filter, newest first, with the total for the pager. */
export async function findSubscriptions(db: Db, filter: SubscriptionFilter) {
  const where: Prisma.SubscriptionWhereInput = {
    ...(filter.q ? { OR: [{ subscriber: { email: { contains: filter.q, mode: 'insensitive' } } }, { query: { contains: filter.q, mode: 'insensitive' } }, { label: { contains: filter.q, mode: 'insensitive' } }] } : {}),
    ...(filter.state ? STATE_WHERE[filter.state] : {}),
    ...(filter.frequency ? { frequency: filter.frequency } : {}),
  };
  const [total, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({
      where,
      include: { subscriber: { select: { id: true, email: true, status: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (filter.page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
    }),
  ]);
  return { total, rows };
}
