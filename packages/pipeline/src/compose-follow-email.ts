import type { Db } from '@alerts/db';
import type { EmailRenderer, RenderedEmail } from '@alerts/email';
import type { FollowEmailKind } from './follow-delivery-store';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const day = (date: Date | null) => (date ? DATE.format(date) : null);

/**
 * A follow email: what happened (holding answer, answer, correction, withdrawal, or overdue: the still-waiting note),
 * the question, and the answer's plain text when there is one (for the note, a holding answer). Reads the question as
 * it stands now, so the answer shown is the current one.
 */
export async function composeFollowEmail(
  deps: { db: Db; renderer: EmailRenderer },
  input: { questionId: number; event: FollowEmailKind; email: string; baseUrl: string; manageUrl: string; unsubscribeUrl: string },
): Promise<RenderedEmail | null> {
  const q = await deps.db.question.findUnique({
    where: { id: input.questionId },
    select: {
      id: true, uin: true, house: true, heading: true, questionText: true, answerText: true, dateTabled: true, dateForAnswer: true,
      isNamedDay: true, answeringBodyName: true, dateAnswered: true,
    },
  });
  if (!q) return null;
  const due = day(q.dateForAnswer);
  const meta = [
    `Tabled ${day(q.dateTabled)}`,
    due ? `due for answer by ${due}${q.isNamedDay ? ' (named day)' : ''}` : null,
    q.answeringBodyName,
  ].filter(Boolean).join(' · ');
  return deps.renderer.render('follow', {
    recipientEmail: input.email,
    baseUrl: input.baseUrl,
    manageUrl: input.manageUrl,
    unsubscribeUrl: input.unsubscribeUrl,
    event: input.event,
    ...(input.event === 'OVERDUE' && due ? { overdueSince: due } : {}),
    question: {
      url: `${input.baseUrl}/questions/${q.id}`,
      title: `${q.house} question ${q.uin}${q.heading ? `: ${q.heading}` : ''}`,
      meta,
      questionText: q.questionText,
      answerText: input.event === 'WITHDRAWN' ? null : (q.answerText ?? null),
    },
  });
}
