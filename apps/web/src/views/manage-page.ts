import type { Subscription } from '@alerts/db';
import type { WebhookFormat } from '@alerts/subscriptions';
import { capitalise } from './capitalise';
import { FREQUENCY_WORDS } from './frequency-words';
import { html, type SafeHtml } from './html';
import { webhookState } from './webhook-fields';

/** What the page says after an action (the redirect carries the key, never the text). */
export const MANAGE_NOTICES = {
  paused: 'Alert paused. You will get no emails for it until you resume it.',
  resumed: 'Alert resumed.',
  saved: 'Alert saved.',
  deleted: 'Alert deleted.',
  'deleted-all': 'Deleted your alerts.',
  'webhook-enabled':
    'Webhook enabled again. The posts given up when it was turned off are sent again, then new answers as they arrive.',
  'webhook-on': 'That webhook was already on.',
  'webhook-removed': 'Webhook removed. This alert emails its answers again.',
} as const;
export type ManageNotice = keyof typeof MANAGE_NOTICES;

/** An alert as the manage page lists it: with its webhook, when it posts to one. */
export type ManagedAlert = Subscription & {
  webhook: {
    url: string;
    format: WebhookFormat;
    disabledAt: Date | null;
    failingSince: Date | null;
    lastError: string | null;
  } | null;
};

/** Where a webhook alert posts and whether it works, and its buttons (each a POST with the manage token in its path). */
function webhookSection(base: string, s: ManagedAlert) {
  if (!s.webhook) return '';
  return html`<p class="meta">${webhookState(s.webhook)}</p>
<form method="post" action="${base}/alerts/${s.id}/webhook" class="actions">
${s.webhook.disabledAt ? html`<button type="submit" name="action" value="enable" class="primary">Enable again</button>` : ''}
<button type="submit" name="action" value="secret">Show signing secret</button>
<button type="submit" name="action" value="regenerate">Regenerate secret</button>
<button type="submit" name="action" value="remove">Remove webhook</button>
</form>`;
}

function status(subscription: ManagedAlert): string {
  if (subscription.disabledAt) return 'disabled by an administrator';
  if (subscription.webhook?.disabledAt) return 'its webhook is turned off';
  if (!subscription.confirmedAt) return 'waiting for you to confirm it from your email';
  return subscription.paused ? 'paused' : 'active';
}

function noticeText(notice: ManageNotice, count: number | undefined): string {
  if (notice === 'deleted-all' && count !== undefined) return `Deleted ${count} alert${count === 1 ? '' : 's'}.`;
  return MANAGE_NOTICES[notice];
}

/**
 * All alerts of one address, each with its own small forms (no JavaScript needed). Followed questions, when there
 * are any, come first: someone who followed a question came for that one question, and a long list of alerts would
 * otherwise push it below the fold.
 */
export function managePage(options: {
  token: string;
  email: string;
  subscriptions: ManagedAlert[];
  /** Each alert's query in words, by subscription id. */
  descriptions: ReadonlyMap<string, string>;
  /** Each alert's query as the visitor would write it (member names rather than ids), by subscription id. */
  written: ReadonlyMap<string, string>;
  feedToken: (id: string) => string;
  notice?: ManageNotice | undefined;
  count?: number | undefined;
  /** The followed questions' section (followsSection), shown before the alerts; empty when there are none. */
  follows?: SafeHtml | '';
}) {
  const base = `/manage/${options.token}`;
  const describe = (s: ManagedAlert) => options.descriptions.get(s.id) ?? `answers matching ${s.query}`;
  const follows = options.follows ?? '';
  return html`<h1>${follows ? 'Your followed questions and alerts' : 'Your alerts'}</h1>
<p>${follows ? 'Emails' : 'Alerts'} sent to <strong>${options.email}</strong>.</p>
${options.notice ? html`<p class="notice" role="status">${noticeText(options.notice, options.count)}</p>` : ''}
${follows ? html`${follows}<h2 id="alerts">Your alerts</h2>` : ''}
${options.subscriptions.length === 0 ? html`<p>You have no alerts. <a href="/alerts/new">Create one</a>.</p>` : ''}
${options.subscriptions.map(
  (s) => html`<section class="question" aria-labelledby="alert-${s.id}">
<h2 id="alert-${s.id}">${s.label ?? capitalise(describe(s))}</h2>
${s.label ? html`<p>${capitalise(describe(s))}.</p>` : ''}
<p class="meta">Query: <code>${options.written.get(s.id) ?? s.query}</code></p>
<p class="meta">${s.webhook ? 'Posted to a webhook' : 'Sent'} ${FREQUENCY_WORDS[s.frequency]} · ${status(s)}</p>
${webhookSection(base, s)}
<p class="meta">${s.includeTabled ? 'Also tells you when such a question is asked, before it is answered.' : 'Answers only: it does not tell you when such a question is asked.'}</p>
<form method="post" action="${base}/alerts/${s.id}" class="actions">
<button type="submit" name="action" value="${s.paused ? 'resume' : 'pause'}">${s.paused ? 'Resume' : 'Pause'}</button>
<a class="button-link" href="${base}/alerts/${s.id}/edit">Edit</a>
<a class="button-link" href="${base}/alerts/${s.id}/delete">Delete</a>
</form>
<p class="meta"><a href="/feeds/${options.feedToken(s.id)}">Atom feed of this alert</a> (for a feed reader)</p>
</section>`,
)}
${options.subscriptions.length > 1 ? html`<p><a href="${base}/delete-all">Delete all my alerts</a></p>` : ''}
<p><a class="cta" href="/alerts/new">Create another alert</a></p>
<form method="post" action="${base}/revoke-links"><p class="meta">Forwarded an email, or think someone else has your links? Old manage and confirmation links stop working; you get a new one here.</p><button type="submit">Invalidate my old links</button></form>`;
}
