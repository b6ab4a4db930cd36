/** `?page=` as a positive integer, 1 when missing or nonsense (capped, so a huge page number cannot cost a scan). */
export function pageNumber(value: unknown, max = 1000): number {
  const page = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(page, 1), max);
}
