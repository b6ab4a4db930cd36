import { html } from './html';

/** "Does this answer the above question?" with its counts; a plain form, so it works without JavaScript. */
export function voteBox(options: { questionId: number; yes: number; no: number; mine: 'yes' | 'no' | null }) {
  return html`<section id="vote" aria-labelledby="vote-heading">
<h2 id="vote-heading">Does this answer the above question?</h2>
<form method="post" action="/questions/${options.questionId}/vote" class="inline">
<button type="submit" name="helpful" value="yes" aria-pressed="${String(options.mine === 'yes')}">Yes (${options.yes})</button>
<button type="submit" name="helpful" value="no" aria-pressed="${String(options.mine === 'no')}">No (${options.no})</button>
</form>
${options.mine ? html`<p class="meta">You answered ${options.mine}. You can change your answer.</p>` : ''}
</section>`;
}
