/** A keyset position in the newest-first list of answers: the last answer a page showed or examined. */
export interface AnswerCursor {
  dateAnswered: Date;
  id: number;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2})\.(\d{1,9})$/;

/** `2024-05-01.1700002`, for a URL's `?after=`. */
export function formatAnswerCursor(cursor: AnswerCursor): string {
  return `${cursor.dateAnswered.toISOString().slice(0, 10)}.${cursor.id}`;
}

/** `?after=` back to a cursor; null when missing or malformed (the first page). */
export function parseAnswerCursor(value: unknown): AnswerCursor | null {
  const match = typeof value === 'string' ? CURSOR.exec(value) : null;
  if (!match?.[1] || !match[2]) return null;
  const dateAnswered = new Date(`${match[1]}T00:00:00Z`);
  return Number.isNaN(dateAnswered.getTime()) ? null : { dateAnswered, id: Number(match[2]) };
}
