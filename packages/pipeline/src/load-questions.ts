import type { Db, QuestionEventKind } from '@alerts/db';
import type { MatchableQuestion } from '@alerts/matching';

/** The events keyword alerts announce. */
export const ALERT_EVENT_KINDS = ['ANSWERED', 'CORRECTED'] as const satisfies readonly QuestionEventKind[];

export interface EventQuestion extends MatchableQuestion {
  /** When it became news (the latest event for it in the range). */
  eventAt: Date;
  eventId: bigint;
}

/**
 * The questions behind events [from, to] (backfill events excluded), once each, ready for the matcher. Only
 * ANSWERED and CORRECTED events: keyword alerts announce answers, and HOLDING or WITHDRAWN events are for the
 * followers of a question (follow-events.ts), never for alerts.
 */
export async function loadEventQuestions(db: Db, range: { from: bigint; to: bigint }): Promise<EventQuestion[]> {
  const events = await db.questionEvent.findMany({
    where: { id: { gte: range.from, lte: range.to }, isBackfill: false, kind: { in: [...ALERT_EVENT_KINDS] } },
    // Only what matching reads: the full row also holds the raw API record, the biggest column, unused here.
    select: {
      id: true,
      createdAt: true,
      question: {
        select: {
          id: true, state: true, heading: true, questionText: true, answerHtml: true, house: true,
          askingMemberId: true, answeringMemberId: true, answeringBodyName: true,
        },
      },
    },
    orderBy: { id: 'asc' },
  });
  const byQuestion = new Map<number, EventQuestion>();
  for (const event of events) {
    const q = event.question;
    if (q.state === 'WITHDRAWN') continue;
    byQuestion.set(q.id, {
      id: q.id,
      heading: q.heading,
      questionText: q.questionText,
      answerText: q.answerHtml,
      house: q.house,
      askingMemberId: q.askingMemberId,
      answeringMemberId: q.answeringMemberId,
      answeringBodyName: q.answeringBodyName,
      eventAt: event.createdAt,
      eventId: event.id,
    });
  }
  return [...byQuestion.values()];
}
