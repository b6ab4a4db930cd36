import type { Db, QuestionEventKind } from '@alerts/db';
import { matchableOf } from '@alerts/ingest';
import type { MatchableQuestion } from '@alerts/matching';

/** The events keyword alerts announce to every alert: answers and corrections. */
const ALERT_EVENT_KINDS = ['ANSWERED', 'CORRECTED'] as const satisfies readonly QuestionEventKind[];

/** The events announced only to alerts with includeTabled ("also tell me when such a question is asked"). */
const ASKED_EVENT_KINDS = ['TABLED'] as const satisfies readonly QuestionEventKind[];

export interface EventQuestion extends MatchableQuestion {
  /** When it became news (the latest event for it in the range). */
  eventAt: Date;
  eventId: bigint;
  /**
   * The latest event is its asking (TABLED), not an answer: only alerts with includeTabled get it, and it is
   * matched on the question alone.
   */
  asked: boolean;
}

/**
 * The questions behind events [from, to] (backfill events excluded), once each, ready for the matcher: ANSWERED and
 * CORRECTED events, and TABLED ones (asked, for alerts with includeTabled). HOLDING and WITHDRAWN events are for the
 * followers of a question (find-follow-notices.ts), never for alerts. A question tabled and answered within one
 * range is announced as answered; one whose asking is matched only after it was answered is left to its answer.
 */
export async function loadEventQuestions(db: Db, range: { from: bigint; to: bigint }): Promise<EventQuestion[]> {
  const events = await db.questionEvent.findMany({
    where: {
      id: { gte: range.from, lte: range.to },
      isBackfill: false,
      kind: { in: [...ALERT_EVENT_KINDS, ...ASKED_EVENT_KINDS] },
    },
    // Only what matching reads: the full row also holds the raw API record, the biggest column, unused here.
    select: {
      id: true,
      kind: true,
      createdAt: true,
      question: {
        select: {
          id: true,
          state: true,
          heading: true,
          questionText: true,
          answerHtml: true,
          house: true,
          askingMemberId: true,
          answeringMemberId: true,
          answeringBodyName: true,
        },
      },
    },
    orderBy: { id: 'asc' },
  });
  const byQuestion = new Map<number, EventQuestion>();
  for (const event of events) {
    const q = event.question;
    if (q.state === 'WITHDRAWN') continue;
    const asked = event.kind === 'TABLED';
    // Answered since (its answer's event lies beyond this range): the asking is no longer news, and the answer's own
    // event announces it. Announcing both would send the same answer twice, once under "new question".
    if (asked && (q.state === 'ANSWERED' || q.state === 'CORRECTED')) continue;
    byQuestion.set(q.id, {
      // The asking is matched on the question: a holding answer's boilerplate that arrived since is not its news.
      ...matchableOf(asked ? { ...q, answerHtml: null } : q),
      eventAt: event.createdAt,
      eventId: event.id,
      asked,
    });
  }
  return [...byQuestion.values()];
}
