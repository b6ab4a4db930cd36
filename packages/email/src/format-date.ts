const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "2026-07-09" or "2026-07-09T00:00:00" → "9 July 2026". Reads the calendar date as written (Parliament dates
 * are UK calendar days), with no time-zone shift; by hand because `Intl` is slow per call.
 */
export function formatDate(isoDate: string): string {
  const year = isoDate.slice(0, 4);
  const month = MONTHS[Number(isoDate.slice(5, 7)) - 1];
  const day = Number(isoDate.slice(8, 10));
  return month ? `${day} ${month} ${year}` : isoDate;
}
