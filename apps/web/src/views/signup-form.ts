import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { EMAIL_ADDRESS_LIMITS } from '@alerts/email';
import { MAX_QUERY_LENGTH } from '@alerts/matching';
import { FREQUENCY_CHOICES } from './frequency-words';
import { html, type SafeHtml } from './html';
import { memberFinder } from './member-finder';
import { webhookFields } from './webhook-fields';

/** A starting query offered from the question the visitor came from. */
export interface AlertSuggestion {
  query: string;
  /** The plain-English description. */
  description: string;
  /** Answers it would have matched in the preview's window… */
  matched: number;
  /** …in words: "3 answers in the last 30 days" (demo mode: "3 of the stored answers"; see previewWords). */
  count: string;
}

export interface SignupFormValues {
  email: string;
  query: string;
  label: string;
  frequency: string;
  /** "Also tell me when such a question is asked": off unless ticked. */
  includeTabled: boolean;
  /** Offered filters from the question the visitor came from, and whether each is ticked. */
  department: { name: string; checked: boolean } | null;
  /** The asking member; `name` is null when we do not hold it. */
  member: { id: number; name: string | null; checked: boolean } | null;
  questionId: number | null;
  suggestions: AlertSuggestion[];
  /** "Post to a webhook instead of email": the endpoint typed ('' for none) and its format ('' from the address). */
  webhookUrl: string;
  webhookFormat: string;
}

export interface SignupFormErrors {
  email?: string;
  query?: SafeHtml;
  frequency?: string;
  label?: string;
  webhook?: string;
}

/** What the sign-up form says about the webhook's signing secret: it is shown once the alert is confirmed. */
const SIGNUP_WEBHOOK_HINT =
  'It is posted as soon as answers arrive, whatever you choose under "How often?". After you confirm the alert from the email we send, your manage page shows the signing secret your endpoint uses to check each request.';

/** The opt-in's words, the same on the sign-up form, the edit form and the admin list. */
export const INCLUDE_TABLED_LABEL = 'Also tell me when such a question is asked (before it is answered)';

/** The opt-in checkbox (unchecked unless `checked`): off, an alert announces answers only. */
export function includeTabledBox(checked: boolean) {
  return html`<fieldset class="checks"><legend>Questions not yet answered</legend><label><input type="checkbox" name="includeTabled" value="yes"${checked ? ' checked' : ''} aria-describedby="include-tabled-help"> ${INCLUDE_TABLED_LABEL}</label>
<p class="meta" id="include-tabled-help">Ticked, this alert also tells you of new written questions that match as soon as they are tabled, so you hear of them before the answer. Each answer still comes too.</p></fieldset>`;
}

/** The query language in one line, under every query box, with a link to the whole of it (/help). */
export const QUERY_HELP = html`${'Words match by stem ("school" finds "schools"); "quoted phrases" match exactly; AND, OR, NOT in capitals; department:"Home Office", member:"Jeremy Corbyn", house:lords.'} <a href="/help">How to write a query</a>`;

// Links, not submit buttons: a submit button before the form's own would become the one Enter presses. Without
// JavaScript a link reloads the form with that query; with it, the query box changes in place.
function suggestionList(suggestions: readonly AlertSuggestion[], current: string, questionId: number | null) {
  if (!suggestions.length) return '';
  return html`<section class="suggest" aria-labelledby="suggest-heading"><h2 id="suggest-heading">Suggested alerts</h2>
<p class="meta">Drawn from this question's most distinctive words. Choose one to start from, then change it as you like.</p>
<ul class="suggestions">${suggestions.map(
    (s) =>
      html`<li><a class="suggestion" href="/alerts/new?${questionId !== null ? `question=${questionId}&` : ''}q=${encodeURIComponent(s.query)}" data-query="${s.query}"${s.query === current ? html` aria-current="true"` : ''}><code>${s.query}</code> <span class="count">${s.count}</span><br><span class="what">${s.description}</span></a></li>`,
  )}</ul></section>`;
}

/** The alert form; errors appear beside their fields and are linked with aria-describedby. */
export function signupForm(
  values: SignupFormValues,
  errors: SignupFormErrors,
  description: string | null,
  preview: SafeHtml | string = '',
) {
  const hasErrors = Object.keys(errors).length > 0;
  return html`<form method="post" action="/alerts/new" novalidate id="alert-form">
${hasErrors ? html`<p class="error" role="alert">Please correct the problems below.</p>` : ''}
${values.questionId !== null ? html`<input type="hidden" name="question" value="${values.questionId}">` : ''}
${suggestionList(values.suggestions, values.query, values.questionId)}
<label for="query">Alert me about answers matching</label>
<input type="text" id="query" name="query" value="${values.query}" maxlength="${MAX_QUERY_LENGTH}" required aria-describedby="query-help query-error query-description">
<p class="meta" id="query-help">${QUERY_HELP}</p>
${errors.query ?? ''}
<div class="member-finder" hidden>
${memberFinder({ id: 'member-find', label: 'Or follow a member: find them by name, constituency or local authority', mode: 'query' })}
</div>
${
  values.department || values.member
    ? html`<div class="checks">
${values.department ? html`<label><input type="checkbox" name="department" value="${values.department.name}"${values.department.checked ? ' checked' : ''}> Only answers from ${values.department.name}</label>` : ''}
${values.member ? html`<label><input type="checkbox" name="member" value="${values.member.id}"${values.member.checked ? ' checked' : ''}> Only questions asked or answered by ${values.member.name ?? 'the member who asked this one'}</label>` : ''}
</div>`
    : ''
}
<p id="query-description" aria-live="polite">${description ? html`You will get: <strong>${description}</strong>` : ''}</p>
<div id="preview" aria-live="polite">${preview}</div>
<label for="email">Your email address</label>
<input type="email" id="email" name="email" value="${values.email}" autocomplete="email" maxlength="${EMAIL_ADDRESS_LIMITS.address}" required aria-describedby="email-error">
${errors.email ? html`<p class="error" id="email-error" role="alert">${errors.email}</p>` : ''}
<label for="label">Name this alert (optional)</label>
<input type="text" id="label" name="label" value="${values.label}" maxlength="${ALERT_TEXT_LIMITS.label}" aria-describedby="label-error">
${errors.label ? html`<p class="error" id="label-error" role="alert">${errors.label}</p>` : ''}
<fieldset><legend>How often?</legend>
${FREQUENCY_CHOICES.map(([value, text]) => html`<label><input type="radio" name="frequency" value="${value}"${values.frequency === value ? ' checked' : ''}> ${text}</label>`)}
${errors.frequency ? html`<p class="error" role="alert">${errors.frequency}</p>` : ''}
</fieldset>
${includeTabledBox(values.includeTabled)}
${webhookFields({ url: values.webhookUrl, format: values.webhookFormat, error: errors.webhook }, { hint: SIGNUP_WEBHOOK_HINT })}
<div class="actions">
<button type="submit" name="action" value="subscribe" class="primary">Create alert</button>
<button type="submit" name="action" value="preview" class="secondary">Preview matches</button>
</div>
</form>
<script src="/assets/alert-form.js" defer></script>`;
}
