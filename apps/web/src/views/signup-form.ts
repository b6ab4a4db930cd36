import { html, type SafeHtml } from './html';

export interface SignupFormValues {
  email: string;
  query: string;
  label: string;
  frequency: string;
  /** Offered filters from the question the visitor came from, and whether each is ticked. */
  department: { name: string; checked: boolean } | null;
  member: { id: number; name: string; checked: boolean } | null;
  questionId: number | null;
}

export interface SignupFormErrors {
  email?: string;
  query?: SafeHtml;
  frequency?: string;
  label?: string;
}

const FREQUENCIES = [
  ['IMMEDIATE', 'Immediately, one email per batch of new answers'],
  ['DAILY', 'Daily digest'],
  ['WEEKLY', 'Weekly digest'],
] as const;

/** The alert form; errors appear beside their fields and are linked with aria-describedby. */
export function signupForm(values: SignupFormValues, errors: SignupFormErrors, description: string | null) {
  const hasErrors = Object.keys(errors).length > 0;
  return html`<form method="post" action="/alerts/new" novalidate>
${hasErrors ? html`<p class="error" role="alert">Please correct the problems below.</p>` : ''}
${values.questionId !== null ? html`<input type="hidden" name="question" value="${values.questionId}">` : ''}
<label for="query">Alert me about answers matching</label>
<input type="text" id="query" name="query" value="${values.query}" maxlength="500" required aria-describedby="query-help query-error query-description">
<p class="meta" id="query-help">Words match by stem; "quoted phrases" exactly; AND, OR, NOT in capitals; department:"Home Office", member:4641, house:lords.</p>
${errors.query ?? ''}
${values.department ? html`<label><input type="checkbox" name="department" value="${values.department.name}"${values.department.checked ? ' checked' : ''}> Only answers from ${values.department.name}</label>` : ''}
${values.member ? html`<label><input type="checkbox" name="member" value="${values.member.id}"${values.member.checked ? ' checked' : ''}> Only questions asked or answered by ${values.member.name}</label>` : ''}
<p id="query-description" aria-live="polite">${description ? html`You will get: <strong>${description}</strong>` : ''}</p>
<label for="email">Your email address</label>
<input type="email" id="email" name="email" value="${values.email}" autocomplete="email" maxlength="254" required aria-describedby="email-error">
${errors.email ? html`<p class="error" id="email-error" role="alert">${errors.email}</p>` : ''}
<label for="label">Name this alert (optional)</label>
<input type="text" id="label" name="label" value="${values.label}" maxlength="100" aria-describedby="label-error">
${errors.label ? html`<p class="error" id="label-error" role="alert">${errors.label}</p>` : ''}
<fieldset><legend>How often?</legend>
${FREQUENCIES.map(([value, text]) => html`<label><input type="radio" name="frequency" value="${value}"${values.frequency === value ? ' checked' : ''}> ${text}</label>`)}
${errors.frequency ? html`<p class="error" role="alert">${errors.frequency}</p>` : ''}
</fieldset>
<button type="submit" name="action" value="preview">Preview matches</button>
<button type="submit" name="action" value="subscribe">Create alert</button>
</form>
<script src="/assets/alert-form.js" defer></script>`;
}
