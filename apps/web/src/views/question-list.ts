import { isFollowable } from '@alerts/pipeline';
import { formatDate } from '../questions/format';
import { followLink, stateLabel } from './follow-form';
import { html, type SafeHtml } from './html';
import { questionTextHtml } from './question-text';

export interface ListedQuestion {
  id: number;
  heading: string | null;
  uin: string;
  house?: string;
  answeringBodyName: string | null;
  dateAnswered: Date | null;
  /** A holding answer ("we will answer in full later") is labelled as such, never as an answer. */
  isHolding?: boolean;
  /** Where the question stands (QuestionState): one still waiting offers "Email me when this is answered". */
  state?: string;
  dateTabled?: Date;
  dateForAnswer?: Date | null;
  isNamedDay?: boolean;
  /** Matched text around the query's words, with the words marked (search results). */
  snippet?: SafeHtml;
}

const title = (q: ListedQuestion) => q.heading ?? `${q.house ? `${q.house} question` : 'Question'} ${q.uin}`;

/**
 * Answers, newest first: heading, department, answered date, snippet. With `offerFollow` (search results), one still
 * waiting (a holding answer) also offers "Email me when this is answered".
 */
export function questionList(questions: readonly ListedQuestion[], options: { offerFollow?: boolean } = {}) {
  if (!questions.length) return html`<p>No answers.</p>`;
  return html`<ul class="results">${questions.map(
    (q) => html`<li><a href="/questions/${q.id}">${title(q)}</a><br><span class="meta">${q.answeringBodyName ?? ''}${q.dateAnswered ? html` · ${q.isHolding ? html`<span class="tag">Holding answer</span> ${formatDate(q.dateAnswered)}` : html`answered ${formatDate(q.dateAnswered)}`}` : ''}</span>${q.snippet ? html`<br><span class="snippet">${q.snippet}</span>` : ''}${options.offerFollow && q.state && isFollowable(q.state) ? html`${q.snippet ? '' : html`<br>`}${followLink(q.id, title(q))}` : ''}</li>`,
  )}</ul>`;
}

/**
 * Questions still waiting for an answer (`/tabled`): heading, department, tabled and due dates, named-day flag,
 * state, then the question's text (or a search's snippet) and "Email me when this is answered".
 */
export function waitingList(questions: readonly (ListedQuestion & { questionText?: string })[]) {
  if (!questions.length) return html`<p>No questions waiting for an answer match.</p>`;
  return html`<ol class="results">${questions.map(
    (q) => html`<li>
<h2><a href="/questions/${q.id}">${title(q)}</a></h2>
<p class="meta">${q.answeringBodyName ?? 'Unknown department'}${q.dateTabled ? ` · tabled ${formatDate(q.dateTabled)}` : ''}${q.dateForAnswer ? html` · due for answer by ${formatDate(q.dateForAnswer)}` : ''}${q.isNamedDay ? ' · named day' : ''}${q.state ? ` · ${stateLabel(q.state)}` : ''}</p>
${q.snippet ? html`<p class="snippet">${q.snippet}</p>` : q.questionText ? html`<p>${questionTextHtml(q.questionText, 300)}</p>` : ''}
<p>${followLink(q.id, title(q))}</p>
</li>`,
  )}</ol>`;
}

/** "Newer / Older" links; `href(page)` builds each link. */
export function pager(page: number, hasMore: boolean, href: (page: number) => string) {
  return html`<nav aria-label="Pages" class="pager">${page > 1 ? html`<a href="${href(page - 1)}">← Newer</a> ` : ''}${hasMore ? html`<a href="${href(page + 1)}">Older →</a>` : ''}</nav>`;
}
