import type { QueryPreview } from '../questions/preview-query';
import { formatDate } from '../questions/format';
import { answerCount } from './answer-count';
import { html } from './html';
import { questionList } from './question-list';

/**
 * The preview's words for its window (`QueryPreview.days`): the last 30 days live, or in demo mode every stored
 * answer the replay will bring. The alert form's script reads the same words from /api/preview.
 */
export function previewWords(preview: Pick<QueryPreview, 'days' | 'from' | 'to'>) {
  const dates = `${formatDate(preview.from)} to ${formatDate(preview.to)}`;
  const answers = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'answer' : 'answers'}`;
  return preview.days === null
    ? {
        heading: 'Preview: the answers this demo replays',
        lead: `Of the answers stored for this demo (${dates}), this alert would send you`,
        tail: 'answers stored, as the demo replays them.',
        /** A suggestion's count: "7 of the stored answers". */
        count: (n: number) => `${n.toLocaleString('en-GB')} of the stored answers`,
      }
    : {
        heading: `Preview: the last ${preview.days} days`,
        lead: `Over the last ${preview.days} days (${dates}), this alert would have sent you`,
        tail: 'answers given.',
        count: (n: number) => `${answers(n)} in the last ${preview.days} days`,
      };
}

/** "In the last 30 days …": labelled so it cannot be mistaken for a search's total. */
function previewSummary(preview: Pick<QueryPreview, 'days' | 'from' | 'to' | 'matched' | 'matchedBound' | 'answered'>) {
  const words = previewWords(preview);
  return html`${words.lead} ${answerCount({ count: preview.matched, bound: preview.matchedBound })} of the ${preview.answered.toLocaleString('en-GB')} ${words.tail}`;
}

export function previewBox(preview: QueryPreview) {
  return html`<section class="notice" aria-labelledby="preview-heading">
<h2 id="preview-heading">${previewWords(preview).heading}</h2>
<p id="preview-summary">${previewSummary(preview)}</p>
${preview.examples.length ? html`<p>The newest of them:</p>${questionList(preview.examples)}` : ''}
</section>`;
}
