import type { FastifyInstance } from 'fastify';
import { readerClock, type AppDeps, type RateLimits } from '../deps';
import { sendPage } from '../http/send-page';
import { formatSearchCursor, parseSearchCursor } from '../questions/search-cursor';
import { previewQuery } from '../questions/preview-query';
import { searchQuestions } from '../questions/search-questions';
import { withSnippets } from '../questions/search-snippets';
import { describeAlert } from '../questions/describe-alert';
import { capitalise } from '../views/capitalise';
import { html } from '../views/html';
import { previewBox } from '../views/preview';
import { answerCount } from '../views/answer-count';
import { QUERY_HELP } from '../views/signup-form';
import { questionList } from '../views/question-list';
import { checkSearchQuery, searchText } from './search-input';
import { scanLimit } from '../http/scan-limit';

const PAGE_SIZE = 20;

/** `/search?q=`: the alert query language over stored answers, with the 30-day preview and an alert link. */
export function registerSearchRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  app.get<{ Querystring: { q?: string; after?: string } }>('/search', scanLimit(limits), async (request, reply) => {
    const q = searchText(request.query.q);
    const form = html`<form method="get" action="/search" role="search"><label for="q">Search answers</label>
<input type="search" id="q" name="q" value="${q}" aria-describedby="query-error"><button type="submit">Search</button></form>
<p class="meta">${QUERY_HELP}</p>`;
    if (!q.trim()) return sendPage(reply, { title: 'Search', body: html`<h1>Search answers</h1>${form}` });

    const checked = await checkSearchQuery(deps.db, q);
    if (!checked.ok)
      return sendPage(reply, { title: 'Search', body: html`<h1>Search answers</h1>${form}${checked.problem}` }, 400);

    // Keyset pages: `after` is the last answer of the previous page, so a deep page costs what the first does.
    const after = parseSearchCursor(request.query.after);
    const [found, preview] = await Promise.all([
      searchQuestions(deps.db, checked.query, { after, take: PAGE_SIZE }),
      previewQuery(deps.db, checked.query, { clock: readerClock(deps) }),
    ]);
    const alertHref = `/alerts/new?q=${encodeURIComponent(q)}`;
    const [results, description] = await Promise.all([
      withSnippets(deps.db, checked.query, found.results),
      describeAlert(deps.db, checked.query, checked.resolved),
    ]);
    return sendPage(reply, {
      title: `Search: ${q}`,
      body: html`<h1>Search answers</h1>${form}
<p class="found">${capitalise(description)}: ${answerCount(found.total)} found among all the answers we hold.</p>
<p><a class="cta" href="${alertHref}">Email me when new answers match</a></p>
${previewBox(preview)}
<h2>All matching answers, newest first</h2>${questionList(results, { offerFollow: true })}<nav aria-label="Pages" class="pager">${after ? html`<a href="/search?q=${encodeURIComponent(q)}">← Newest</a> ` : ''}${found.next ? html`<a href="/search?q=${encodeURIComponent(q)}&amp;after=${formatSearchCursor(found.next)}">Older →</a>` : ''}</nav>`,
    });
  });
}
