import { EMAIL_ADDRESS_LIMITS } from '@alerts/email';
import { html } from './html';

/** The follow form's checkbox, and the manage page's wording for the same choice. */
export const OVERDUE_NOTE_LABEL = 'Also tell me if it is not answered by its due date';

/**
 * "Email me when this is answered": one address field, double opt-in as for alerts, and the still-waiting note
 * (off unless ticked). `due`, when the question has a due date, says which date the checkbox means, and whether it
 * has already passed (then the note comes as soon as the follow is confirmed, and the help says so).
 */
export function followForm(questionId: number, due: { label: string; passed: boolean } | null = null) {
  return html`<section class="follow-box" id="follow" aria-labelledby="follow-heading">
<h2 id="follow-heading">Follow this question</h2>
<form method="post" action="/questions/${questionId}/follow" class="follow" aria-label="Email me when this is answered">
<label for="follow-email">Your email address</label>
<input id="follow-email" name="email" type="email" autocomplete="email" required maxlength="${EMAIL_ADDRESS_LIMITS.address}">
<div class="checks"><label><input type="checkbox" name="overdue" value="yes" aria-describedby="overdue-help"> ${OVERDUE_NOTE_LABEL}</label></div>
<p class="meta" id="overdue-help">${
    due?.passed
      ? `It was due for answer by ${due.label} and is already overdue: ticked, you get one "still waiting" email as soon as you confirm.`
      : `One "still waiting" email if it is still unanswered after ${due ? `its due date (${due.label})` : 'its due date'}.`
  }</p>
<button type="submit" class="primary">Email me when this is answered</button>
<p class="meta">We email you once when it gets a holding answer, once when it is answered (with the answer), once if the answer is corrected, or once if it is withdrawn; then we stop.</p>
</form>
</section>`;
}

/**
 * "Email me when this is answered" in a list of questions: a link to the question page's follow form (one address
 * field per page, not one per result). The question's title, hidden from sight, tells links apart for screen readers.
 */
export function followLink(questionId: number, title: string) {
  return html`<a class="follow-link" href="/questions/${questionId}#follow">Email me when this is answered<span class="visually-hidden"> (${title})</span></a>`;
}

/** Where a question stands, in words: "Not yet answered", "Holding answer" … */
export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

const STATE_LABELS: Record<string, string> = {
  UNANSWERED: 'Not yet answered',
  HOLDING: 'Holding answer: an answer will follow',
  ANSWERED: 'Answered',
  CORRECTED: 'Answer corrected',
  WITHDRAWN: 'Withdrawn',
};
