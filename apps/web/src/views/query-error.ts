import { html } from './html';

/** The message, and the query with a marker where the problem is (position is 0-based). */
export function queryError(text: string, error: { message: string; position: number }, id = 'query-error') {
  const at = Math.min(Math.max(error.position, 0), text.length);
  return html`<div class="error" id="${id}" role="alert"><p>Problem at character ${at + 1}: ${error.message}</p>
<pre aria-hidden="true">${text}\n${' '.repeat(at)}^</pre></div>`;
}
