import type { Db } from '@alerts/db';
import { subscriptionState, suppressedAddresses } from './find-subscriptions';
import { loadQuarantine, type QuarantinedRow } from './load-quarantine';
import { queryKind, type QueryKind } from './query-kind';

export interface AdminStats {
  subscribers: Record<string, number>;
  byFrequency: Record<string, number>;
  byState: Record<'pending' | 'active' | 'paused' | 'disabled' | 'blocked', number>;
  /** What an alert filters on: words only, or a member, department or house filter (queryKind). */
  byKind: Record<string, number>;
  /** Alerts that also announce questions when they are asked (includeTabled). */
  includeTabled: number;
  emailsPerDay: { day: string; sent: number; failed: number; suppressed: number }[];
  /** Matches found per UTC day, from MatchTally: deleting an alert (and its matches) does not lower them. */
  matchesPerDay: { day: string; matches: number }[];
  /** Follows of a question, in any state (listed at /admin/follows). */
  follows: number;
  /** Emails owed and not yet sent (PENDING deliveries): queued, or failing and due to be retried. */
  owed: number;
  /** Records ingestion could not store and keeps retrying: how many, and the longest waiting. */
  quarantine: { unresolved: number; records: QuarantinedRow[] };
}

/** The numbers on the admin dashboard; per-day figures cover the last `days` days (UTC). */
export async function loadStats(db: Db, days = 14): Promise<AdminStats> {
  const since = new Date(Date.now() - days * 24 * 3600 * 1000);
  const [subscribers, frequencies, subscriptions, emails, matches, suppressed, owed, quarantine, follows] =
    await Promise.all([
      db.subscriber.groupBy({ by: ['status'], _count: { _all: true } }),
      db.subscription.groupBy({ by: ['frequency'], _count: { _all: true } }),
      db.subscription.findMany({
        select: {
          query: true,
          paused: true,
          confirmedAt: true,
          disabledAt: true,
          includeTabled: true,
          subscriber: { select: { status: true, email: true } },
        },
      }),
      db.$queryRaw<{ day: string; status: string; count: bigint }[]>`
      SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, status::text AS status, count(*) AS count
      FROM "Delivery" WHERE "createdAt" >= ${since} GROUP BY 1, 2 ORDER BY 1 DESC`,
      // From the tally the matcher keeps, not the Match rows: those go with their alert, and the past must not shrink.
      // Whole UTC days, from the day `since` falls on.
      db.$queryRaw<{ day: string; count: bigint }[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(matches)::bigint AS count
      FROM "MatchTally" WHERE day >= (${since}::timestamp)::date GROUP BY day ORDER BY day DESC`,
      suppressedAddresses(db),
      db.delivery.count({ where: { status: 'PENDING' } }),
      loadQuarantine(db),
      db.follow.count(),
    ]);
  const byState = { pending: 0, active: 0, paused: 0, disabled: 0, blocked: 0 };
  const byKind: AdminStats['byKind'] = {};
  // Parsed once per distinct query: many alerts share one.
  const kinds = new Map<string, QueryKind>();
  let includeTabled = 0;
  for (const s of subscriptions) {
    if (s.includeTabled) includeTabled++;
    byState[subscriptionState(s, suppressed.has(s.subscriber.email))]++;
    let kind = kinds.get(s.query);
    if (kind === undefined) kinds.set(s.query, (kind = queryKind(s.query)));
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const perDay = new Map<string, { day: string; sent: number; failed: number; suppressed: number }>();
  for (const row of emails) {
    const entry = perDay.get(row.day) ?? { day: row.day, sent: 0, failed: 0, suppressed: 0 };
    if (row.status === 'SENT') entry.sent += Number(row.count);
    if (row.status === 'FAILED') entry.failed += Number(row.count);
    if (row.status === 'SUPPRESSED') entry.suppressed += Number(row.count);
    perDay.set(row.day, entry);
  }
  return {
    subscribers: Object.fromEntries(subscribers.map((s) => [s.status, s._count._all])),
    byFrequency: Object.fromEntries(frequencies.map((f) => [f.frequency, f._count._all])),
    byState,
    byKind,
    includeTabled,
    emailsPerDay: [...perDay.values()],
    matchesPerDay: matches.map((m) => ({ day: m.day, matches: Number(m.count) })),
    owed,
    quarantine,
    follows,
  };
}
