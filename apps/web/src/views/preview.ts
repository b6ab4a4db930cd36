import type { QueryPreview } from '../questions/preview-query';
import { formatDate } from '../questions/format';
import { answerCount } from './answer-count';
import { html } from './html';
import { questionList } from './question-list';

/** "In the last 30 days …": labelled so it cannot be mistaken for a search's total. */
export function previewSummary(preview: Pick<QueryPreview, 'from' | 'to' | 'matched' | 'matchedBound' | 'answered'>) {
  return html`Over the last 30 days (${formatDate(preview.from)} to ${formatDate(preview.to)}), this alert would have sent you ${answerCount({ count: preview.matched, bound: preview.matchedBound })} of the ${preview.answered} answers given.`;
}

export function previewBox(preview: QueryPreview) {
  return html`<section class="notice" aria-labelledby="preview-heading">
<h2 id="preview-heading">Preview: the last 30 days</h2>
<p id="preview-summary">${previewSummary(preview)}</p>
${preview.examples.length ? html`<p>The newest of them:</p>${questionList(preview.examples)}` : ''}
</section>`;
}
