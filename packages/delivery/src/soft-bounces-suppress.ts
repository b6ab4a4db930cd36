import type { SoftBouncePolicy } from '@alerts/config';

/**
 * Whether an address's soft bounces (the times of those that still count: within the window, none delivered since)
 * warrant suppressing it: at least `policy.limit` of them, the first and the last at least `policy.minSpanMs` apart.
 * A mailbox full for days is given up; a burst within one bad hour is not.
 */
export function softBouncesSuppress(times: Date[], policy: Pick<SoftBouncePolicy, 'limit' | 'minSpanMs'>): boolean {
  if (times.length < policy.limit) return false;
  const ms = times.map((time) => time.getTime());
  return Math.max(...ms) - Math.min(...ms) >= policy.minSpanMs;
}
