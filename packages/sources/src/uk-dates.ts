/**
 * Parliament's calendar: its dates are UK calendar dates (Europe/London) as YYYY-MM-DD, the form `DateWindow` and
 * `NormalisedQuestion` carry. Every package that asks "what day is it for Parliament?" asks here.
 */

/** Today's date in the UK (Europe/London) as YYYY-MM-DD: Parliament's dates are UK calendar dates. */
export function ukToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The calendar date `days` after `date` (before, when negative), both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
