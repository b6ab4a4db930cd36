import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { MAX_QUERY_LENGTH } from '@alerts/matching';
import { FREQUENCY_CHOICES } from './frequency-words';
import { html, type SafeHtml } from './html';
import { includeTabledBox, QUERY_HELP } from './signup-form';
import { webhookFields } from './webhook-fields';

/** What the edit form says about the webhook: emptying the address sends the answers by email again. */
const EDIT_WEBHOOK_HINT =
  'It is posted as soon as answers arrive, whatever you choose under "How often?". Empty the address to have this alert emailed again. A new webhook\'s signing secret is shown when you save; later, "Show signing secret" on your manage page shows it again.';

export interface EditAlertErrors {
  query?: SafeHtml;
  label?: string;
  frequency?: string;
  webhook?: string;
}

/** The edit form, with the same help, live description and 30-day preview as the signup form. */
export function editAlertForm(options: {
  action: string;
  back: string;
  query: string;
  label: string;
  frequency: string;
  includeTabled: boolean;
  webhookUrl: string;
  webhookFormat: string;
  errors: EditAlertErrors;
  description: string | null;
  preview: SafeHtml | string;
}) {
  const { errors } = options;
  return html`<h1>Edit alert</h1>
<form method="post" action="${options.action}" novalidate id="alert-form">
<label for="query">Alert me about answers matching</label>
<input type="text" id="query" name="query" value="${options.query}" maxlength="${MAX_QUERY_LENGTH}" required aria-describedby="query-help query-error query-description">
<p class="meta" id="query-help">${QUERY_HELP}</p>
${errors.query ?? ''}
<p id="query-description" aria-live="polite">${options.description ? html`You will get: <strong>${options.description}</strong>` : ''}</p>
<div id="preview" aria-live="polite">${options.preview}</div>
<label for="label">Name this alert (optional)</label>
<input type="text" id="label" name="label" value="${options.label}" maxlength="${ALERT_TEXT_LIMITS.label}" aria-describedby="label-error">
${errors.label ? html`<p class="error" id="label-error" role="alert">${errors.label}</p>` : ''}
<fieldset><legend>How often?</legend>
${FREQUENCY_CHOICES.map(([value, text]) => html`<label><input type="radio" name="frequency" value="${value}"${options.frequency === value ? ' checked' : ''}> ${text}</label>`)}
${errors.frequency ? html`<p class="error" role="alert">${errors.frequency}</p>` : ''}
</fieldset>
${includeTabledBox(options.includeTabled)}
${webhookFields({ url: options.webhookUrl, format: options.webhookFormat, error: errors.webhook }, { hint: EDIT_WEBHOOK_HINT })}
<div class="actions"><button type="submit" class="primary">Save changes</button> <a class="button-link" href="${options.back}">Cancel</a></div>
</form>
<script src="/assets/alert-form.js" defer></script>`;
}
