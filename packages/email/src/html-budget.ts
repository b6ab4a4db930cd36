/**
 * Most bytes of HTML (UTF-8) in any email we send. Gmail clips a message whose HTML passes about 102 KB behind
 * "[Message clipped]", and the footer's unsubscribe link goes with it. The renderer's default; change it here.
 */
export const HTML_BUDGET_BYTES = 100_000;

/** Whether `html` is over `budget` bytes of UTF-8. */
export function overBudget(html: string, budget: number): boolean {
  // UTF-8 is never shorter than the UTF-16 length, and checking that first spares a scan of a long string.
  return html.length > budget || Buffer.byteLength(html, 'utf8') > budget;
}

/**
 * The largest n in [0, max] for which `fits(n)`, assuming fits holds up to some n and not after; -1 if none.
 * Gallops up from 0 (1, 3, 7, …) before bisecting, so no try is much bigger than the budget: a digest of a thousand
 * cards is megabytes whole, and filling it in full at every step of a plain bisection cost seconds. Callers keep
 * what their last fitting try made: tries only grow after each success, so that is the one for the answer.
 */
export function largestFitting(max: number, fits: (n: number) => boolean): number {
  if (max < 0 || !fits(0)) return -1;
  let low = 0; // fits
  let high = max + 1; // does not fit (or past the end)
  for (let step = 1; low + step < high; step *= 2) {
    if (!fits(low + step)) {
      high = low + step;
      break;
    }
    low += step;
  }
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (fits(mid)) low = mid;
    else high = mid;
  }
  // Tries only grow after each success, so the last fill that fitted is the one for `low`.
  return low;
}
