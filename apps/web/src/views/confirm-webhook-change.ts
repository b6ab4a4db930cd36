import { confirmForm } from './confirm-form';
import { html } from './html';

/** What the confirmation pages need to say which webhook changes, and how to do it or go back. */
interface WebhookChange {
  /** Where the confirm button posts (the manage-webhook route, manage token in the path as for every manage form). */
  action: string;
  /** The manage page: "keep it" changes nothing. */
  back: string;
  /** The alert, as its label or description. */
  what: string;
  /** The endpoint's host: the rest of its URL can be a credential (Slack's and Teams' are). */
  host: string;
}

/** The manage route's `action` field names the change; confirm=yes (confirmForm's) makes only this button act. */
const confirmChange = (options: WebhookChange, act: 'regenerate' | 'remove', yes: string, no: string) =>
  confirmForm({ action: options.action, back: options.back, yes, no, hidden: { action: act } });

/**
 * "Regenerate the signing secret?": asked first because the old secret stops verifying at once, so the receiver
 * refuses every post until it is given the new one.
 */
export function confirmRegenerateSecretPage(options: WebhookChange) {
  return html`<h1>Make a new signing secret?</h1>
<p>For your alert <strong>${options.what}</strong>, posting to <strong>${options.host}</strong>.</p>
<p>The current secret stops working at once. Your receiver will reject our posts until you give it the new secret, which the next page shows. Do this if the secret may have been seen by someone else.</p>
${confirmChange(options, 'regenerate', 'Yes, make a new secret', 'No, keep the current secret')}`;
}

/**
 * "Remove this webhook?": asked first because the alert goes back to email, to `email`, as soon as answers arrive
 * (a webhook alert is immediate, and stays so); answers held while a turned-off webhook waited go by email too.
 */
export function confirmRemoveWebhookPage(options: WebhookChange & { email: string; held: boolean }) {
  return html`<h1>Remove this webhook?</h1>
<p>Your alert <strong>${options.what}</strong> will stop posting to <strong>${options.host}</strong>.</p>
<p>New answers will come by email to <strong>${options.email}</strong>, as soon as they arrive.${options.held ? ' The answers waiting while the webhook was turned off will be emailed too.' : ''} You can add a webhook again by editing the alert, but it will have a new signing secret.</p>
${confirmChange(options, 'remove', 'Yes, remove the webhook', 'No, keep it')}`;
}
