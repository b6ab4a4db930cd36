import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { formatDate } from '../questions/format';
import { pageNumber } from '../questions/page-number';
import { stateLabel } from '../views/follow-form';
import { html } from '../views/html';

const PAGE_SIZE = 50;

/** `/tabled`: questions still waiting for an answer (unanswered or holding), most recently tabled first. */
export function registerTabledRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { page?: string } }>('/tabled', async (request, reply) => {
    const page = pageNumber(request.query.page);
    const where = { state: { in: ['UNANSWERED' as const, 'HOLDING' as const] } };
    const [total, questions] = await Promise.all([
      deps.db.question.count({ where }),
      deps.db.question.findMany({
        where,
        orderBy: [{ dateTabled: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        select: { id: true, uin: true, house: true, heading: true, questionText: true, state: true, dateTabled: true, dateForAnswer: true, isNamedDay: true, answeringBodyName: true },
      }),
    ]);
    const body = html`<h1>Questions waiting for an answer</h1>
<p>${total} written questions tabled and not yet answered. Open one to be emailed when it is answered.</p>
<ol class="results">
${questions.map(
  (q) => html`<li>
<h2><a href="/questions/${q.id}">${q.heading ?? `${q.house} question ${q.uin}`}</a></h2>
<p class="meta">${q.answeringBodyName ?? 'Unknown department'} · tabled ${formatDate(q.dateTabled)}${q.dateForAnswer ? html` · due for answer by ${formatDate(q.dateForAnswer)}` : ''}${q.isNamedDay ? ' · named day' : ''} · ${stateLabel(q.state)}</p>
<p>${q.questionText.length > 300 ? `${q.questionText.slice(0, 300)}…` : q.questionText}</p>
</li>`,
)}
</ol>
${page * PAGE_SIZE < total ? html`<p><a href="/tabled?page=${page + 1}">Next page</a></p>` : ''}`;
    return sendPage(reply, { title: 'Questions waiting for an answer', body });
  });
}
