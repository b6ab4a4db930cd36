import { FREQUENCIES } from '../frequency';
import { html, type SafeHtml } from './html';

export function editAlertForm(options: { action: string; query: string; label: string; frequency: string; errors: { query?: SafeHtml; label?: string; frequency?: string } }) {
  const { errors } = options;
  return html`<h1>Edit alert</h1>
<form method="post" action="${options.action}" novalidate>
<label for="query">Alert me about answers matching</label>
<input type="text" id="query" name="query" value="${options.query}" maxlength="500" required aria-describedby="query-error">
${errors.query ?? ''}
<label for="label">Name (optional)</label>
<input type="text" id="label" name="label" value="${options.label}" maxlength="100">
${errors.label ? html`<p class="error" role="alert">${errors.label}</p>` : ''}
<fieldset><legend>How often?</legend>
${FREQUENCIES.map((f) => html`<label><input type="radio" name="frequency" value="${f}"${options.frequency === f ? ' checked' : ''}> ${f.toLowerCase()}</label>`)}
${errors.frequency ? html`<p class="error" role="alert">${errors.frequency}</p>` : ''}
</fieldset>
<button type="submit">Save</button>
</form>`;
}
