import type { NameProblem } from '@alerts/composition';
import { html } from './html';

/** "We know no member called …", then "Did you mean" with each candidate and the filter to write for it. */
export function nameProblem(problem: NameProblem, id = 'query-error') {
  return html`<div class="error" id="${id}" role="alert"><p>${problem.message[0]!.toUpperCase()}${problem.message.slice(1)}.</p>
${problem.candidates.length ? html`<p>Did you mean:</p><ul>${problem.candidates.map((c) => html`<li>${c.label}: <code>${c.filter}</code></li>`)}</ul>` : ''}</div>`;
}
