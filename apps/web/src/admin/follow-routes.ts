import { questionName } from '@alerts/composition';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { stateLabel } from '../views/follow-form';
import { html } from '../views/html';
import { ADMIN_PAGE_SIZE } from './find-subscriptions';
import { findFollows, FOLLOW_STATES, type FollowFilter, type FollowState } from './find-follows';

const STATE_WORDS: Record<FollowState, string> = {
  waiting: 'waiting for confirmation',
  following: 'following',
  ended: 'ended',
};

/** "2026-09-02 10:15 UTC": admin pages give moments in UTC, as the audit log does; the date is never broken. */
const moment = (date: Date) =>
  html`<span class="nowrap">${date.toISOString().slice(0, 10)}</span> ${date.toISOString().slice(11, 16)} UTC`;

function readFilter(query: Record<string, unknown>): FollowFilter {
  const text = (name: string) => {
    const value = query[name];
    return typeof value === 'string' ? value : '';
  };
  const state = text('state');
  return {
    q: text('q').trim().slice(0, 200),
    // Nine digits at most, as question pages allow: always a PostgreSQL integer.
    questionId: /^\d{1,9}$/.test(text('question')) ? Number(text('question')) : null,
    state: (FOLLOW_STATES as readonly string[]).includes(state) ? (state as FollowState) : '',
    page: pageNumber(text('page')),
  };
}

const listUrl = (f: FollowFilter, page = f.page) =>
  `/admin/follows?${new URLSearchParams({ q: f.q, ...(f.questionId !== null ? { question: String(f.questionId) } : {}), state: f.state, page: String(page) }).toString()}`;

/**
 * `/admin/follows`: who follows which question. Each row: the question (linked, with where it stands and a link to
 * all its followers), the follower's address, the follow's state, and since when (asked, confirmed, ended). Searched
 * by address, filtered by question and state, 25 a page.
 */
export function registerFollowAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin/follows', async (request, reply) => {
    const filter = readFilter(request.query as Record<string, unknown>);
    const { total, rows } = await findFollows(deps.db, filter, deps.now?.() ?? new Date());
    return sendPage(reply, {
      admin: true,
      title: 'Follows',
      body: html`<h1>Follows</h1>
<form method="get" action="/admin/follows">
<label for="q">Follower's email contains</label><input type="search" id="q" name="q" value="${filter.q}">
<label for="state">State</label><select id="state" name="state"><option value="">Any</option>${FOLLOW_STATES.map((s) => html`<option value="${s}"${filter.state === s ? ' selected' : ''}>${STATE_WORDS[s]}</option>`)}</select>
${filter.questionId !== null ? html`<input type="hidden" name="question" value="${filter.questionId}">` : ''}
<button type="submit">Filter</button></form>
<p>${total} ${total === 1 ? 'follow' : 'follows'}${filter.questionId !== null ? html` of question ${filter.questionId} (<a href="/admin/follows">all questions</a>)` : ''}.</p>
<div class="table-scroll"><table class="wrap"><thead><tr><th>Question</th><th>Follower</th><th>State</th><th>Since</th></tr></thead><tbody>
${rows.map(
  (
    f,
  ) => html`<tr><td><a href="/questions/${f.question.id}">${questionName(f.question)}</a><br><span class="meta">${stateLabel(f.question.state)} · <a href="/admin/follows?question=${f.question.id}">all its followers</a></span></td>
<td><span class="long">${f.subscriber.email}</span>${f.subscriber.status !== 'ACTIVE' ? html`<br><span class="meta">address ${f.subscriber.status === 'PENDING' ? 'not yet confirmed' : 'disabled'}</span>` : ''}</td>
<td>${STATE_WORDS[f.state]}${f.wantsOverdueNote ? html`<br><span class="meta">${f.overdueNotedAt ? 'still-waiting note sent' : 'wants the still-waiting note'}</span>` : ''}</td>
<td>asked ${moment(f.createdAt)}${f.confirmedAt ? html`<br>confirmed ${moment(f.confirmedAt)}` : ''}${f.endedAt ? html`<br>ended ${moment(f.endedAt)}` : f.endsAt ? html`<br>${f.state === 'ended' ? 'ended' : 'ends'} ${moment(f.endsAt)}` : ''}</td></tr>`,
)}
</tbody></table></div>
<nav aria-label="Pages" class="pager">${filter.page > 1 ? html`<a href="${listUrl(filter, filter.page - 1)}">← Newer</a> ` : ''}${filter.page * ADMIN_PAGE_SIZE < total ? html`<a href="${listUrl(filter, filter.page + 1)}">Older →</a>` : ''}</nav>`,
    });
  });
}
