import type { QueryPreview } from '../questions/preview-query';
import { formatDate } from '../questions/format';
import { html } from './html';
import { questionList } from './question-list';

/** "In the last 30 days …": labelled so it cannot be mistaken for a search's total. */
export function previewSummary(preview: { from: string; to: string; matched: number; answered: number }) {
  return html`Over the last 30 days (${preview.from} to ${preview.to}), this alert would have sent you <strong>${preview.matched}</strong> of the ${preview.answered} answers given.`;
}

export function previewBox(preview: QueryPreview) {
  return html`<section class="notice" aria-labelledby="preview-heading">
<h2 id="preview-heading">Preview: the last 30 days</h2>
<p id="preview-summary">${previewSummary({ from: formatDate(preview.from), to: formatDate(preview.to), matched: preview.matched, answered: preview.answered })}</p>
${preview.examples.length ? html`<p>The newest of them:</p>${questionList(preview.examples)}` : ''}
</section>`;
}
