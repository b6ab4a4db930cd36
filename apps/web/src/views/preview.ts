import type { QueryPreview } from '../questions/preview-query';
import { formatDate } from '../questions/format';
import { answerCount } from './answer-count';
import { html } from './html';
import { questionList } from './question-list';

export function previewBox(preview: QueryPreview) {
  return html`<section class="notice" aria-labelledby="preview-heading">
<h2 id="preview-heading">Preview</h2>
<p>From ${formatDate(preview.from)} to ${formatDate(preview.to)}, this would have matched ${answerCount({ count: preview.matched, bound: preview.matchedBound })} of ${preview.answered} answers.</p>
${preview.examples.length ? html`<p>For example:</p>${questionList(preview.examples)}` : ''}
</section>`;
}
