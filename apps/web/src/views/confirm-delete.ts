import { confirmForm } from './confirm-form';
import { html } from './html';

/** "Delete this alert?" with what will go, a red button that posts, and a way back that changes nothing. */
export function confirmDeletePage(options: { action: string; back: string; what: string[] }) {
  const many = options.what.length > 1;
  return html`<h1>${many ? `Delete all ${options.what.length} of your alerts?` : 'Delete this alert?'}</h1>
${options.what.length ? html`<ul>${options.what.map((w) => html`<li>${w}</li>`)}</ul>` : html`<p>You have no alerts.</p>`}
<p>${many ? 'You will get no more emails about any of them.' : 'You will get no more emails about it.'} This cannot be undone, but you can always create a new alert.</p>
${confirmForm({ action: options.action, back: options.back, yes: many ? 'Yes, delete them all' : 'Yes, delete it', no: `No, keep ${many ? 'them' : 'it'}` })}`;
}
