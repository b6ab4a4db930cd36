import type { Question } from '@alerts/db';
import { ukToday } from '@alerts/sources';
import { isFollowable } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import { readerClock, type AppDeps } from '../deps';
import { notFound } from '../http-error';
import { sendPage } from '../http/send-page';
import { formatDate } from '../questions/format';
import { loadMembers } from '../questions/load-members';
import { parseQuestionId } from '../questions/parse-id';
import { answerHtml } from '../views/answer-html';
import { html } from '../views/html';
import { followForm } from '../views/follow-form';
import { memberName } from '../views/member-name';
import { questionTextHtml } from '../views/question-text';
import { voteBox } from '../views/vote-box';
import { VOTER_COOKIE } from './vote';

const PARLIAMENT_QUESTION = 'https://questions-statements.parliament.uk/written-questions/detail';

/** `/questions/:id`: one written question and its answer, like TheyWorkForYou's written-answer page. */
export function registerQuestionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { id: string } }>('/questions/:id', async (request, reply) => {
    const id = parseQuestionId(request.params.id);
    const question = await deps.db.question.findUnique({ where: { id } });
    if (!question) throw notFound('question');
    const members = await loadMembers(deps.db, [question.askingMemberId, question.answeringMemberId]);
    const voterId = request.cookies[VOTER_COOKIE];
    const [counts, mine] = await Promise.all([
      deps.db.answerVote.groupBy({ by: ['helpful'], where: { questionId: id }, _count: { _all: true } }),
      voterId ? deps.db.answerVote.findUnique({ where: { questionId_voterId: { questionId: id, voterId } } }) : null,
    ]);
    const yes = counts.find((c) => c.helpful)?._count._all ?? 0;
    const no = counts.find((c) => !c.helpful)?._count._all ?? 0;
    const title = question.heading ?? `Written question ${question.uin}`;
    const shortened = question.answerHtml !== null && isShortened(question.answerText ?? question.answerHtml);
    const parliamentUrl = `${PARLIAMENT_QUESTION}/${formatIsoDate(question.dateTabled)}/${question.uin}`;
    const followable = isFollowable(question.state);

    const body = html`
<article>
<p class="meta">${question.answeringBodyName ?? 'Unknown department'} · ${question.house} written question ${question.uin}</p>
<h1>${title}</h1>
${
  followable
    ? // Still waiting: following this very question is what a visitor most likely came for, so it comes first and is
      // the one primary button; an alert on its subject is offered after it.
      html`${stateNotice(question)}
${followForm(question.id, dueOf(question.dateForAnswer, readerClock(deps).now()))}
<p class="meta">Or hear of every question on this subject: <a href="/alerts/new?question=${question.id}">Alert me about debates like this</a></p>`
    : html`<p><a class="cta" href="/alerts/new?question=${question.id}">Alert me about debates like this</a></p>
${stateNotice(question)}`
}
<section class="question" aria-labelledby="asked">
<h2 id="asked">The question</h2>
<p class="meta">Asked by ${memberName(question.askingMemberId, members)} · tabled ${formatDate(question.dateTabled)}${question.dateForAnswer ? html` · due for answer ${formatDate(question.dateForAnswer)}` : ''}${question.isNamedDay ? ' · named day' : ''}</p>
<p>${questionTextHtml(question.questionText)}</p>
</section>
${
  question.answerHtml
    ? html`<section class="answer" aria-labelledby="answered">
<h2 id="answered">${question.isHolding ? 'Holding answer' : 'The answer'}</h2>
<p class="meta">${question.isHolding ? 'Holding answer given' : 'Answered'} ${question.answeringMemberId !== null ? html`by ${memberName(question.answeringMemberId, members)} ` : question.answeringBodyName ? html`by ${question.answeringBodyName} ` : ''}on ${formatDate(question.isHolding ? (question.dateHoldingAnswer ?? question.dateAnswered) : question.dateAnswered)}</p>
${answerHtml(question.answerHtml)}
${shortened ? html`<p class="notice">We hold only the start of this answer. <a href="${parliamentUrl}">Read the full answer on parliament.uk</a>.</p>` : ''}
</section>`
    : ''
}
${question.answerHtml && !question.isHolding ? voteBox({ questionId: question.id, yes, no, mine: mine ? (mine.helpful ? 'yes' : 'no') : null }) : ''}
<p><a href="${parliamentUrl}">This question on the Parliament website</a></p>
<p><a href="/tabled">Questions still waiting for an answer</a>: follow one to hear when it is answered.</p>
</article>`;
    return sendPage(reply, { title, body });
  });
}

const formatIsoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The list endpoint cuts answers at 255 characters and adds "..."; the sample holds some answers only that way. */
const isShortened = (answer: string) => /\.\.\.(<\/p>)?\s*$/.test(answer);

/** What state the answer is in, in words, when it is not simply answered. */
function stateNotice(question: Question) {
  if (question.isWithdrawn)
    return html`<p class="notice"><strong>Withdrawn.</strong> The member withdrew this question.</p>`;
  if (question.isCorrection || question.state === 'CORRECTED') {
    return html`<p class="notice"><strong>Corrected answer</strong>${question.dateAnswerCorrected ? html` on ${formatDate(question.dateAnswerCorrected)}` : ''}. The department has corrected its earlier answer; this is the corrected text.</p>`;
  }
  if (question.isHolding) {
    return html`<p class="notice holding"><strong>Holding answer.</strong> The department has replied that it needs more time and will answer in full later. This is not yet the answer; an alert that matches this question will email you when the full answer arrives.</p>`;
  }
  if (!question.answerHtml) return html`<p class="notice"><strong>Not yet answered.</strong></p>`;
  return '';
}

/**
 * The due date as the follow form words it, and whether it has passed (by the UK calendar at the reader's clock, as
 * the still-waiting note counts: demo mode's stated today).
 */
function dueOf(dateForAnswer: Date | null, now: Date) {
  if (!dateForAnswer) return null;
  return { label: formatDate(dateForAnswer), passed: dateForAnswer.toISOString().slice(0, 10) < ukToday(now) };
}
