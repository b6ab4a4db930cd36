import type { Db } from '@alerts/db';

/**
 * Subscribers who have undelivered matches on active alerts of this frequency: each gets one delivery job for the
 * run. Suppressed and inactive subscribers are left out here and checked again at delivery time.
 */
export async function subscribersWithPendingMatches(db: Db, frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY'): Promise<string[]> {
  const rows = await db.$queryRaw<{ subscriberId: string }[]>`
    SELECT DISTINCT s."subscriberId"
    FROM "Match" m
    JOIN "Subscription" s ON s.id = m."subscriptionId"
    JOIN "Subscriber" r ON r.id = s."subscriberId"
    WHERE m."deliveredAt" IS NULL AND s.frequency = ${frequency}::"Frequency"
      AND s.paused = false AND s."disabledAt" IS NULL AND r.status = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = r.email)`;
  return rows.map((r) => r.subscriberId);
}

/** The run key of a daily digest (the UK date) or a weekly one (ISO week, e.g. 2026-W48). */
export function digestRunKey(frequency: 'DAILY' | 'WEEKLY', now: Date = new Date()): string {
  const ukDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  if (frequency === 'DAILY') return ukDate;
  const d = new Date(`${ukDate}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides the ISO year
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
