import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { notFound } from '../http-error';
import { sendPage } from '../http/send-page';
import { formatDate, memberLabel } from '../questions/format';
import { loadMembers } from '../questions/load-members';
import { parseQuestionId } from '../questions/parse-id';
import { html, raw } from '../views/html';
import { followForm } from '../views/follow-form';
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
    const state =
      question.isWithdrawn ? 'Withdrawn' : question.isCorrection || question.state === 'CORRECTED' ? 'Corrected answer' : question.isHolding ? 'Holding answer' : question.answerHtml ? null : 'Not yet answered';
    const title = question.heading ?? `Written question ${question.uin}`;

    const body = html`
<article>
<p class="meta">${question.answeringBodyName ?? 'Unknown department'} · ${question.house} written question ${question.uin}</p>
<h1>${title}</h1>
<p><a class="cta" href="/alerts/new?question=${question.id}">Alert me about debates like this</a></p>
${state ? html`<p class="notice"><strong>${state}</strong>${question.dateAnswerCorrected ? html` on ${formatDate(question.dateAnswerCorrected)}` : ''}</p>` : ''}
${question.state === 'UNANSWERED' || question.state === 'HOLDING' ? followForm(question.id) : ''}
<section class="question" aria-labelledby="asked">
<h2 id="asked">Asked by ${memberLabel(question.askingMemberId, members)}</h2>
<p class="meta">Tabled ${formatDate(question.dateTabled)}${question.dateForAnswer ? html` · due for answer ${formatDate(question.dateForAnswer)}` : ''}${question.isNamedDay ? ' · named day' : ''}</p>
<p>${question.questionText}</p>
</section>
${question.answerHtml
  ? html`<section class="answer" aria-labelledby="answered">
<h2 id="answered">Answered by ${question.answeringMemberId !== null ? memberLabel(question.answeringMemberId, members) : question.answeringBodyName ?? 'the department'}</h2>
<p class="meta">Answered ${formatDate(question.dateAnswered)}</p>
${raw(question.answerHtml)}
</section>`
  : ''}
${question.answerHtml ? voteBox({ questionId: question.id, yes, no, mine: mine ? (mine.helpful ? 'yes' : 'no') : null }) : ''}
<p><a href="${PARLIAMENT_QUESTION}/${formatIsoDate(question.dateTabled)}/${question.uin}">This question on the Parliament website</a></p>
</article>`;
    return sendPage(reply, { title, body });
  });
}

const formatIsoDate = (date: Date) => date.toISOString().slice(0, 10);
