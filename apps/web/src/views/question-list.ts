import { formatDate } from '../questions/format';
import { html, type SafeHtml } from './html';

export interface ListedQuestion {
  id: number;
  heading: string | null;
  uin: string;
  answeringBodyName: string | null;
  dateAnswered: Date | null;
  /** A holding answer ("we will answer in full later") is labelled as such, never as an answer. */
  isHolding?: boolean;
  /** Matched text around the query's words, with the words marked (search results). */
  snippet?: SafeHtml;
}

export function questionList(questions: readonly ListedQuestion[]) {
  if (!questions.length) return html`<p>No answers.</p>`;
  return html`<ul class="results">${questions.map(
    (q) => html`<li><a href="/questions/${q.id}">${q.heading ?? `Question ${q.uin}`}</a><br><span class="meta">${q.answeringBodyName ?? ''}${q.dateAnswered ? html` · ${q.isHolding ? html`<span class="tag">Holding answer</span> ${formatDate(q.dateAnswered)}` : html`answered ${formatDate(q.dateAnswered)}`}` : ''}</span>${q.snippet ? html`<br><span class="snippet">${q.snippet}</span>` : ''}</li>`,
  )}</ul>`;
}

/** "Newer / Older" links; `href(page)` builds each link. */
export function pager(page: number, hasMore: boolean, href: (page: number) => string) {
  return html`<nav aria-label="Pages" class="pager">${page > 1 ? html`<a href="${href(page - 1)}">← Newer</a> ` : ''}${hasMore ? html`<a href="${href(page + 1)}">Older →</a>` : ''}</nav>`;
}
