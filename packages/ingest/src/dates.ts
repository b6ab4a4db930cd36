import { addDays } from '@alerts/sources';

/** YYYY-MM-DD → a Date at UTC midnight, which Prisma stores unchanged in a DATE column. */
export function toDbDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00.000Z`) : null;
}

export function fromDbDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validate a YYYY-MM-DD argument; returns an error message or null. */
export function checkDate(value: string): string | null {
  if (!DATE.test(value)) return `"${value}" is not a date in the form YYYY-MM-DD`;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    return `"${value}" is not a real calendar date`;
  return null;
}

/**
 * The window a scheduled run fetches: from the watermark (inclusive: Parliament keeps publishing answers during a
 * day, so the last day is fetched again; unchanged records cost nothing) to today. First run: yesterday to today.
 */
export function nextWindow(watermark: string | null, today: string): { from: string; to: string } {
  const from = watermark && watermark <= today ? watermark : addDays(today, -1);
  return { from, to: today };
}

/** `window` cut into consecutive windows of at most `days` days each, in order (inclusive dates). */
export function splitWindow(window: { from: string; to: string }, days: number): { from: string; to: string }[] {
  const chunks: { from: string; to: string }[] = [];
  for (let from = window.from; from <= window.to; from = addDays(from, days)) {
    const end = addDays(from, days - 1);
    chunks.push({ from, to: end < window.to ? end : window.to });
  }
  return chunks;
}
