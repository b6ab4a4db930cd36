import type { WebhookFormat } from '@alerts/subscriptions';
import { formatDate } from '../questions/format';
import { html } from './html';

/** The formats a form offers; '' lets the URL's host decide (Slack's and Teams' own hosts, else JSON). */
const FORMAT_CHOICES: readonly (readonly [WebhookFormat | '', string])[] = [
  ['', 'Tell from the address'],
  ['JSON', 'JSON (Standard Webhooks)'],
  ['SLACK', 'Slack message'],
  ['TEAMS', 'Microsoft Teams message'],
];

const WEBHOOK_FORMAT_WORDS: Record<WebhookFormat, string> = { JSON: 'JSON', SLACK: 'Slack', TEAMS: 'Microsoft Teams' };

export interface WebhookFieldValues {
  url: string;
  /** '' (from the address), JSON, SLACK or TEAMS; anything else is shown as '' with an error. */
  format: string;
  error?: string | undefined;
}

/**
 * "Post to a webhook": the endpoint and its format, on the sign-up and edit forms. An alert with a webhook posts its
 * answers there instead of emailing them (the channel is one or the other), as soon as they arrive.
 */
export function webhookFields(values: WebhookFieldValues, options: { hint: string }) {
  const open = Boolean(values.url || values.error);
  return html`<details class="webhook"${open ? ' open' : ''}><summary>Post to a webhook instead of email (optional)</summary>
<p class="meta" id="webhook-help">For a Slack or Microsoft Teams channel, or your own program: each batch of matching answers is posted to this HTTPS address as it arrives, signed with the Standard Webhooks scheme, instead of being emailed. ${options.hint}</p>
<label for="webhookUrl">Webhook address (https://…)</label>
<input type="url" id="webhookUrl" name="webhookUrl" value="${values.url}" maxlength="2000" inputmode="url" autocomplete="off" spellcheck="false" aria-describedby="webhook-help${values.error ? ' webhook-error' : ''}"${values.error ? html` aria-invalid="true"` : ''}>
${values.error ? html`<p class="error" id="webhook-error" role="alert">${values.error}</p>` : ''}
<label for="webhookFormat">Message format</label>
<select id="webhookFormat" name="webhookFormat">${FORMAT_CHOICES.map(([value, text]) => html`<option value="${value}"${values.format === value ? ' selected' : ''}>${text}</option>`)}</select>
</details>`;
}

/** One alert's webhook on the manage page: where it posts, how, and whether it is on (and why not). */
export function webhookState(webhook: {
  url: string;
  format: WebhookFormat;
  disabledAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
}) {
  const how = `Posts to ${new URL(webhook.url).host} (${WEBHOOK_FORMAT_WORDS[webhook.format]})`;
  const why = (webhook.lastError ?? 'no answer').slice(0, 200);
  if (webhook.disabledAt) {
    return html`${how} · <strong class="warning">turned off</strong> on ${formatDate(webhook.disabledAt)}, failing since ${formatDate(webhook.failingSince ?? webhook.disabledAt)} (${why}). New answers wait until you enable it again.`;
  }
  if (webhook.failingSince) return html`${how} · failing since ${formatDate(webhook.failingSince)} (${why}); retrying`;
  return html`${how} · working`;
}

/** How a receiver checks each request, under every display of a secret. */
const VERIFY_HELP = html`<h2>Verifying a request</h2>
<p>Every POST carries three headers, as the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> specification says: <code>webhook-id</code> (the same on every retry of one message: de-duplicate on it), <code>webhook-timestamp</code> (seconds since 1970) and <code>webhook-signature</code> (<code>v1,</code> and the base64 HMAC-SHA256 of <code>id.timestamp.body</code> under the secret's bytes, the part after <code>whsec_</code> decoded from base64). Any Standard Webhooks library checks it: <code>new Webhook(secret).verify(body, headers)</code>.</p>`;

/** One endpoint's secret in a read-only box (`n` tells several on one page apart), with the warning to keep it. */
function secretBox(secret: string, n = 0) {
  return html`<label for="secret-${n}">Signing secret</label>
<input type="text" id="secret-${n}" value="${secret}" readonly spellcheck="false" autocomplete="off" class="secret">`;
}

const KEEP_IT = html`<p class="meta">Keep it like a password: anyone holding it can forge our requests to your endpoint. We never email it. Your manage page shows it again ("Show signing secret", which needs your manage link) and can replace it ("Regenerate secret").</p>`;

/**
 * The signing secret, shown only in answer to a POST carrying the manage token (never in an email, a log or a
 * URL), with how a receiver verifies each request.
 */
export function webhookSecretPage(options: {
  back: string;
  host: string;
  secret: string;
  fresh: 'new' | 'regenerated' | 'shown';
}) {
  const lead =
    options.fresh === 'new'
      ? 'Saved. This alert now posts to'
      : options.fresh === 'regenerated'
        ? 'A new signing secret for'
        : 'The signing secret for';
  return html`<h1>Webhook signing secret</h1>
<p class="notice" role="status">${lead} <strong>${options.host}</strong>.${options.fresh === 'regenerated' ? ' The old secret no longer verifies.' : ''}</p>
${secretBox(options.secret)}
${KEEP_IT}
${VERIFY_HELP}
<p><a class="button-link" href="${options.back}">Back to your alerts</a></p>`;
}

/** On the page that answers the confirmation's POST: each webhook alert it confirmed, its host and secret. */
export function confirmedWebhooks(webhooks: readonly { host: string; secret: string }[]) {
  if (!webhooks.length) return '';
  return html`<section aria-labelledby="webhooks-heading"><h2 id="webhooks-heading">${webhooks.length === 1 ? 'Your webhook' : 'Your webhooks'}</h2>
<p>${webhooks.length === 1 ? 'This alert posts' : 'These alerts post'} its answers to a webhook instead of email. Give your endpoint its signing secret so it can check each request.</p>
${webhooks.map((w, i) => html`<p><strong>${w.host}</strong></p>${secretBox(w.secret, i)}`)}
${KEEP_IT}
${VERIFY_HELP}</section>`;
}
