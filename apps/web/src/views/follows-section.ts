import { formatDate } from '../questions/format';
import { stateLabel } from './follow-form';
import { html } from './html';

export interface FollowRow {
  id: string;
  confirmedAt: Date | null;
  endedAt: Date | null;
  question: { id: number; uin: string; house: string; heading: string | null; state: string; dateForAnswer: Date | null };
}

function status(follow: FollowRow): string {
  if (!follow.confirmedAt) return 'waiting for confirmation';
  return follow.endedAt ? 'ended: we have told you everything' : 'following';
}

/** The manage page's list of followed questions, each with a one-button "Stop following". */
export function followsSection(options: { token: string; follows: FollowRow[] }) {
  if (!options.follows.length) return '';
  return html`<h2 id="follows">Questions you follow</h2>
${options.follows.map(
  (f) => html`<section class="question" aria-label="${f.question.house} question ${f.question.uin}">
<h3><a href="/questions/${f.question.id}">${f.question.heading ?? `${f.question.house} question ${f.question.uin}`}</a></h3>
<p class="meta">${stateLabel(f.question.state)}${f.question.dateForAnswer ? html` · due for answer by ${formatDate(f.question.dateForAnswer)}` : ''} · ${status(f)}</p>
<form method="post" action="/manage/${options.token}/follows/${f.id}/delete" class="inline"><button type="submit">Stop following</button></form>
</section>`,
)}`;
}
