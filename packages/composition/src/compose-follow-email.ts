import type { Db } from '@alerts/db';
import type { EmailRenderer, RenderedEmail } from '@alerts/email';
import { loadMemberNames } from './member-names';

export type FollowEventKind = 'HOLDING' | 'ANSWERED' | 'CORRECTED' | 'WITHDRAWN';
/** What a follow email is about: an event on the question, or OVERDUE, the one "still waiting" note. */
export type FollowEmailKind = FollowEventKind | 'OVERDUE';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const day = (date: Date | null) => (date ? DATE.format(date) : null);

/** What the attribution reads of a question. */
interface AnsweredQuestion {
  state: string;
  isHolding: boolean;
  isCorrection: boolean;
  answerText: string | null;
  answeringMemberId: number | null;
  correctingMemberId: number | null;
  answeringBodyName: string | null;
  dateAnswered: Date | null;
  dateHoldingAnswer: Date | null;
  dateAnswerCorrected: Date | null;
}

/**
 * Who gave the answer the email shows, and when: "Answered by Karin Smyth (Department of Health and Social Care) on
 * 21 September 2026", "Holding answer given by …", "Corrected by …", or without a name we hold "Answered for the
 * Home Office on …". It describes the question as it stands now, as the text shown does; a member is never named
 * by number. Undefined when there is no answer to attribute (withdrawn, or still waiting with no holding answer).
 */
function answerAttribution(
  q: AnsweredQuestion,
  event: FollowEmailKind,
  names: ReadonlyMap<number, string>,
): string | undefined {
  if (event === 'WITHDRAWN' || q.answerText === null) return undefined;
  const corrected = !q.isHolding && (q.state === 'CORRECTED' || q.isCorrection);
  const [verb, memberId, date] = q.isHolding
    ? ['Holding answer given', q.answeringMemberId, q.dateHoldingAnswer ?? q.dateAnswered]
    : corrected
      ? ['Corrected', q.correctingMemberId ?? q.answeringMemberId, q.dateAnswerCorrected ?? q.dateAnswered]
      : ['Answered', q.answeringMemberId, q.dateAnswered];
  const name = memberId === null ? undefined : names.get(memberId);
  const body = q.answeringBodyName;
  // Without a name the answer is the department's: "Answered for the Home Office" ("HM Treasury" takes no article).
  const who = name
    ? ` by ${name}${body ? ` (${body})` : ''}`
    : body
      ? ` for ${/^(the|hm) /i.test(body) ? body : `the ${body}`}`
      : '';
  const when = day(date);
  return `${verb}${who}${when ? ` on ${when}` : ''}`;
}

/**
 * A follow email: what happened (holding answer, answer, correction, withdrawal, or overdue: the still-waiting note),
 * the question, and the answer's plain text when there is one (for the note, a holding answer), with who gave it and
 * when. Reads the question as it stands now, so the answer shown is the current one.
 */
export async function composeFollowEmail(
  deps: { db: Db; renderer: EmailRenderer },
  input: {
    questionId: number;
    event: FollowEmailKind;
    email: string;
    baseUrl: string;
    manageUrl: string;
    unsubscribeUrl: string;
  },
): Promise<RenderedEmail | null> {
  const q = await deps.db.question.findUnique({
    where: { id: input.questionId },
    select: {
      id: true,
      uin: true,
      house: true,
      heading: true,
      questionText: true,
      answerText: true,
      dateTabled: true,
      dateForAnswer: true,
      isNamedDay: true,
      answeringBodyName: true,
      dateAnswered: true,
      state: true,
      isHolding: true,
      isCorrection: true,
      answeringMemberId: true,
      correctingMemberId: true,
      dateHoldingAnswer: true,
      dateAnswerCorrected: true,
    },
  });
  if (!q) return null;
  const names = await loadMemberNames(
    deps.db,
    [q.answeringMemberId, q.correctingMemberId].filter((id): id is number => id !== null),
  );
  const answeredBy = answerAttribution(q, input.event, names);
  const due = day(q.dateForAnswer);
  const meta = [
    `Tabled ${day(q.dateTabled)}`,
    due ? `due for answer by ${due}${q.isNamedDay ? ' (named day)' : ''}` : null,
    q.answeringBodyName,
  ]
    .filter(Boolean)
    .join(' · ');
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
      ...(answeredBy ? { answeredBy } : {}),
    },
  });
}
