import { ukToday } from '@alerts/sources';
import { questionName } from '@alerts/composition';
import { isFollowable } from '@alerts/subscriptions';
import { formatDate } from '../questions/format';
import { OVERDUE_NOTE_LABEL, stateLabel } from './follow-form';
import { html } from './html';

export interface FollowRow {
  id: string;
  confirmedAt: Date | null;
  endedAt: Date | null;
  wantsOverdueNote: boolean;
  overdueNotedAt: Date | null;
  question: {
    id: number;
    uin: string;
    house: string;
    heading: string | null;
    questionText: string;
    state: string;
    dateForAnswer: Date | null;
  };
}

function status(follow: FollowRow): string {
  if (!follow.confirmedAt) return 'waiting for confirmation';
  return follow.endedAt ? 'ended: we have told you everything' : 'following';
}

/**
 * The still-waiting note: sent (and when), or a yes/no choice while the question is still waiting. Two radio
 * buttons and a Save button, so it works without JavaScript and says what is chosen.
 */
function overdueNote(token: string, f: FollowRow) {
  // A moment, not a calendar date: shown as the UK date it happened on.
  if (f.overdueNotedAt)
    return html`<p class="meta">We sent the "still waiting" email on ${formatDate(new Date(`${ukToday(f.overdueNotedAt)}T00:00:00Z`))}.</p>`;
  if (f.endedAt || !isFollowable(f.question.state)) return '';
  const name = `overdue-${f.id}`;
  return html`<form method="post" action="/manage/${token}/follows/${f.id}/overdue-note" class="checks">
<fieldset><legend>${OVERDUE_NOTE_LABEL}?</legend>
<label><input type="radio" name="overdue" value="yes" id="${name}-yes"${f.wantsOverdueNote ? ' checked' : ''}> Yes, one "still waiting" email if it is overdue</label>
<label><input type="radio" name="overdue" value="no" id="${name}-no"${f.wantsOverdueNote ? '' : ' checked'}> No</label>
</fieldset>
<button type="submit">Save</button>
</form>`;
}

/** The manage page's list of followed questions, each with its still-waiting choice and "Stop following". */
export function followsSection(options: { token: string; follows: FollowRow[] }) {
  if (!options.follows.length) return '';
  return html`<h2 id="follows">Questions you follow</h2>
${options.follows.map(
  (f) => html`<section class="question" id="follow-${f.id}" aria-label="${f.question.house} question ${f.question.uin}">
<h3><a href="/questions/${f.question.id}">${f.question.heading ?? questionName(f.question)}</a></h3>
<p class="meta">${stateLabel(f.question.state)}${f.question.dateForAnswer ? html` · due for answer by ${formatDate(f.question.dateForAnswer)}` : ''} · ${status(f)}</p>
${overdueNote(options.token, f)}
<form method="post" action="/manage/${options.token}/follows/${f.id}/delete" class="inline"><button type="submit">Stop following</button></form>
</section>`,
)}`;
}
