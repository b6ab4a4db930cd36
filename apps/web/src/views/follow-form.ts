import { html } from './html';

/** "Email me when this is answered": one address field, double opt-in as for alerts. */
export function followForm(questionId: number) {
  return html`<form method="post" action="/questions/${questionId}/follow" class="follow" id="follow" aria-label="Email me when this is answered">
<label for="follow-email">Your email address</label>
<input id="follow-email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit">Email me when this is answered</button>
<p class="meta">We email you once when it gets a holding answer, once when it is answered (with the answer), once if the answer is corrected, or once if it is withdrawn; then we stop.</p>
</form>`;
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
