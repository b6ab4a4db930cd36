import { isFollowable } from '@alerts/subscriptions';
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

/** "answered 8 October 2024", "Holding answer 1 July 2026", or "not yet answered" / "withdrawn" for a question with no answer. */
function answerState(q: ListedQuestion) {
  if (q.dateAnswered)
    return q.isHolding
      ? html`<span class="tag">Holding answer</span> ${formatDate(q.dateAnswered)}`
      : html`answered ${formatDate(q.dateAnswered)}`;
  return q.state === 'WITHDRAWN' ? 'withdrawn' : 'not yet answered';
}

/**
 * Answers, newest first: heading, department, answered date, snippet. With `offerFollow` (search results), one still
 * waiting (a holding answer) also offers "Email me when this is answered". With `byTabled` (a member's questions
 * asked, listed by when they were tabled), the tabled date comes first.
 */
export function questionList(
  questions: readonly ListedQuestion[],
  options: { offerFollow?: boolean; byTabled?: boolean } = {},
) {
  if (!questions.length) return html`<p>No answers.</p>`;
  const meta = (q: ListedQuestion) =>
    options.byTabled && q.dateTabled
      ? html`${q.answeringBodyName ? `${q.answeringBodyName} · ` : ''}tabled ${formatDate(q.dateTabled)} · ${answerState(q)}`
      : html`${q.answeringBodyName ?? ''}${q.dateAnswered ? html` · ${answerState(q)}` : ''}`;
  return html`<ul class="results">${questions.map(
    (q) =>
      html`<li><a href="/questions/${q.id}">${title(q)}</a><br><span class="meta">${meta(q)}</span>${q.snippet ? html`<br><span class="snippet">${q.snippet}</span>` : ''}${options.offerFollow && q.state && isFollowable(q.state) ? html`${q.snippet ? '' : html`<br>`}${followLink(q.id, title(q))}` : ''}</li>`,
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
