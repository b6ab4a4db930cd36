import type { Subscription } from '@alerts/db';
import { describeQuery } from '@alerts/matching';
import { html } from './html';

const FREQUENCY_TEXT = { IMMEDIATE: 'immediately', DAILY: 'daily', WEEKLY: 'weekly' } as const;

function describe(query: string): string {
  try {
    return describeQuery(query);
  } catch {
    return `answers matching ${query}`;
  }
}

function status(subscription: Subscription): string {
  if (subscription.disabledAt) return 'disabled by an administrator';
  if (!subscription.confirmedAt) return 'waiting for confirmation';
  return subscription.paused ? 'paused' : 'active';
}

/** All alerts of one address, each with its own small forms (no JavaScript needed). */
export function managePage(options: { token: string; email: string; subscriptions: Subscription[]; feedToken: (id: string) => string; notice?: string }) {
  const base = `/manage/${options.token}`;
  return html`<h1>Your alerts</h1>
<p>Alerts sent to <strong>${options.email}</strong>.</p>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${options.subscriptions.length === 0 ? html`<p>You have no alerts. <a href="/alerts/new">Create one</a>.</p>` : ''}
${options.subscriptions.map(
  (s) => html`<section class="question" aria-label="${s.label ?? describe(s.query)}">
<h2>${s.label ?? describe(s.query)}</h2>
<p>${describe(s.query)}. <code>${s.query}</code></p>
<p class="meta">Sent ${FREQUENCY_TEXT[s.frequency]} · ${status(s)}</p>
<form method="post" action="${base}/alerts/${s.id}" class="inline">
<button type="submit" name="action" value="${s.paused ? 'resume' : 'pause'}">${s.paused ? 'Resume' : 'Pause'}</button>
<button type="submit" name="action" value="delete">Delete</button>
</form>
<a href="${base}/alerts/${s.id}/edit">Edit</a> · <a href="/feeds/${options.feedToken(s.id)}">Atom feed</a>
</section>`,
)}
${options.subscriptions.length
  ? html`<form method="post" action="${base}/delete-all"><button type="submit">Delete all my alerts</button></form>`
  : ''}
<p><a href="/alerts/new">Create another alert</a></p>
<form method="post" action="${base}/revoke-links"><p class="meta">Forwarded an email, or think someone else has your links? Old manage and confirmation links stop working; you get a new one here.</p><button type="submit">Invalidate my old links</button></form>`;
}
