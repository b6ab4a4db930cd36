import type { FastifyInstance } from 'fastify';
import type { AppDeps, RateLimits } from '../deps';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { formatSearchCursor, parseSearchCursor } from '../questions/search-cursor';
import { listWaitingQuestions } from '../questions/search-scope';
import { searchQuestions } from '../questions/search-questions';
import { withSnippets } from '../questions/search-snippets';
import { answerCount } from '../views/answer-count';
import { html } from '../views/html';
import { waitingList } from '../views/question-list';
import { QUERY_HELP } from '../views/signup-form';
import { checkSearchQuery, searchText } from './search-input';
import { scanLimit } from '../http/scan-limit';

/** Questions per page when browsing; a search shows as many per page as /search does. */
const PAGE_SIZE = 50;
const SEARCH_PAGE_SIZE = 20;
const TITLE = 'Questions waiting for an answer';

/**
 * `/tabled`: questions still waiting for an answer (unanswered or holding), most recently tabled first, each with
 * "Email me when this is answered". `?q=` searches them in the alert query language, exactly as /search searches
 * answers (same parser, candidates and evaluator; keyset pages through `after`); limited like /search.
 */
export function registerTabledRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  app.get<{ Querystring: { page?: string; q?: string; after?: string } }>(
    '/tabled',
    scanLimit(limits),
    async (request, reply) => {
      const q = searchText(request.query.q);
      const form = html`<form method="get" action="/tabled" role="search"><label for="q">Search questions waiting for an answer</label>
<input type="search" id="q" name="q" value="${q}" aria-describedby="query-help query-error"><button type="submit">Search</button></form>
<p class="meta" id="query-help">${QUERY_HELP}</p>`;
      if (!q.trim())
        return sendPage(reply, {
          title: TITLE,
          body: html`<h1>${TITLE}</h1>${form}${await browse(deps, pageNumber(request.query.page))}`,
        });

      const checked = await checkSearchQuery(deps.db, q);
      if (!checked.ok)
        return sendPage(reply, { title: TITLE, body: html`<h1>${TITLE}</h1>${form}${checked.problem}` }, 400);
      const after = parseSearchCursor(request.query.after);
      const found = await searchQuestions(deps.db, checked.query, { after, take: SEARCH_PAGE_SIZE, scope: 'waiting' });
      const results = await withSnippets(deps.db, checked.query, found.results);
      const link = (cursor?: string) => `/tabled?q=${encodeURIComponent(q)}${cursor ? `&after=${cursor}` : ''}`;
      return sendPage(reply, {
        title: `${TITLE}: ${q}`,
        body: html`<h1>${TITLE}</h1>${form}
<p class="found">${answerCount(found.total)} ${found.total.count === 1 && found.total.bound === 'exact' ? 'question' : 'questions'} waiting for an answer match, most recently tabled first.</p>
${waitingList(results)}<nav aria-label="Pages" class="pager">${after ? html`<a href="${link()}">← Newest</a> ` : ''}${found.next ? html`<a href="${link(formatSearchCursor(found.next))}">Older →</a>` : ''}</nav>`,
      });
    },
  );
}

/** The unsearched list: every question still waiting, a page at a time. */
async function browse(deps: AppDeps, page: number) {
  const { total, questions } = await listWaitingQuestions(deps.db, { take: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE });
  return html`<p>${total} written questions tabled and not yet answered. Open one, or choose "Email me when this is answered", to hear when it is answered.</p>
${waitingList(questions)}
${page * PAGE_SIZE < total ? html`<p><a href="/tabled?page=${page + 1}">Next page</a></p>` : ''}`;
}
