import type { Db, Frequency, Prisma } from '@alerts/db';
import { mayReceiveMail } from '@alerts/delivery';

export interface SubscriptionFilter {
  /** Part of the email address or of the query, any case. */
  q: string;
  state: '' | 'pending' | 'active' | 'paused' | 'disabled' | 'blocked';
  frequency: '' | Frequency;
  /** Only alerts that also announce questions when they are asked (includeTabled). */
  tabled: boolean;
  page: number;
}

export const ADMIN_PAGE_SIZE = 25;

type State = Exclude<SubscriptionFilter['state'], ''>;

/**
 * The state the admin pages filter and count by. 'active' is exactly the pipeline's may-receive-mail rule;
 * 'blocked' is an alert that would send but whose address cannot receive mail (suppressed, or its subscriber
 * disabled). STATE_WHERE below is the same as a database filter.
 */
export function subscriptionState(
  s: { disabledAt: Date | null; confirmedAt: Date | null; paused: boolean; subscriber: { status: string } },
  suppressed: boolean,
): State {
  if (mayReceiveMail(s, s.subscriber, suppressed)) return 'active';
  return s.disabledAt ? 'disabled' : !s.confirmedAt ? 'pending' : s.paused ? 'paused' : 'blocked';
}

const live: Prisma.SubscriptionWhereInput = { confirmedAt: { not: null }, paused: false, disabledAt: null };
const STATE_WHERE: Record<State, (suppressed: string[]) => Prisma.SubscriptionWhereInput> = {
  pending: () => ({ confirmedAt: null, disabledAt: null }),
  active: (suppressed) => ({ ...live, subscriber: { status: 'ACTIVE', email: { notIn: suppressed } } }),
  blocked: (suppressed) => ({
    ...live,
    subscriber: { OR: [{ status: { not: 'ACTIVE' } }, { email: { in: suppressed } }] },
  }),
  paused: () => ({ paused: true, disabledAt: null }),
  disabled: () => ({ disabledAt: { not: null } }),
};

/** Suppressed addresses: few (bounces and complaints), and the admin pages need them for the rule above. */
export async function suppressedAddresses(db: Db): Promise<Set<string>> {
  return new Set((await db.suppression.findMany({ select: { email: true } })).map((s) => s.email));
}

/** One page of subscriptions matching the filter, newest first, with the total for the pager. */
export async function findSubscriptions(db: Db, filter: SubscriptionFilter) {
  const suppressed = await suppressedAddresses(db);
  const where: Prisma.SubscriptionWhereInput = {
    ...(filter.q
      ? {
          OR: [
            { subscriber: { email: { contains: filter.q, mode: 'insensitive' } } },
            { query: { contains: filter.q, mode: 'insensitive' } },
            { label: { contains: filter.q, mode: 'insensitive' } },
          ],
        }
      : {}),
    ...(filter.state ? STATE_WHERE[filter.state]([...suppressed]) : {}),
    ...(filter.frequency ? { frequency: filter.frequency } : {}),
    ...(filter.tabled ? { includeTabled: true } : {}),
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
  return {
    total,
    rows: rows.map((row) => ({ ...row, state: subscriptionState(row, suppressed.has(row.subscriber.email)) })),
  };
}
