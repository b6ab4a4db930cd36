import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { html } from '../views/html';
import { pager, questionList } from '../views/question-list';

const PAGE_SIZE = 25;
const LISTED = {
  id: true,
  heading: true,
  uin: true,
  answeringBodyName: true,
  dateAnswered: true,
  isHolding: true,
} as const;

/** The home page and `/answers`: the most recently answered questions, newest first. */
export function registerHomeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const recent = (skip: number, take: number) =>
    deps.db.question.findMany({
      where: { answerHtml: { not: null } },
      orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }],
      skip,
      take,
      select: LISTED,
    });

  app.get('/', async (_request, reply) => {
    const questions = await recent(0, 10);
    return sendPage(reply, {
      title: 'Home',
      body: html`<h1>Email alerts when the government answers a written question you care about</h1>
<form method="get" action="/search" role="search"><label for="q">Search answers</label><input type="search" id="q" name="q" placeholder='e.g. schools OR "mental health"'><button type="submit">Search</button></form>
<p><a class="cta" href="/alerts/new">Create an alert</a></p>
<p><a href="/tabled">Questions waiting for an answer</a>: follow one and we email you when it is answered.</p>
<h2>Recent answers</h2>${questionList(questions)}<p><a href="/answers">All recent answers</a></p>`,
    });
  });

  app.get<{ Querystring: { page?: string } }>('/answers', async (request, reply) => {
    const page = pageNumber(request.query.page);
    const rows = await recent((page - 1) * PAGE_SIZE, PAGE_SIZE + 1);
    return sendPage(reply, {
      title: 'Recent answers',
      body: html`<h1>Recent answers</h1>${questionList(rows.slice(0, PAGE_SIZE))}${pager(page, rows.length > PAGE_SIZE, (p) => `/answers?page=${p}`)}`,
    });
  });
}
