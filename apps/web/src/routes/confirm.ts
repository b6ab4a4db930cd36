import { validateQuery } from '@alerts/matching';
import { questionName, writeMemberNames } from '@alerts/composition';
import { adoptLegacyConfirmation, confirmRequest, findConfirmation } from '@alerts/subscriptions';
import { TOKEN_LIFETIMES } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { sendPage } from '../http/send-page';
import { describeAlert } from '../questions/describe-alert';
import { gone } from '../tokens/subscriber-from-token';
import { FREQUENCY_WORDS } from '../views/frequency-words';
import { html } from '../views/html';
import { subscriberItems } from '../views/subscriber-items';
import { confirmedWebhooks } from '../views/webhook-fields';

/**
 * `/confirm/:token`, the double opt-in link. The token names the confirmation request of one email, so the link
 * confirms exactly the alerts and follows that email listed, never ones added for the address later. GET only shows a button:
 * mail scanners fetch links, and a GET that confirmed would let them confirm an address on its owner's behalf.
 */
export function registerConfirmRoutes(app: FastifyInstance, deps: AppDeps): void {
  const load = async (token: string) => {
    const claims = deps.signer.verify(token, 'confirm', (deps.now?.() ?? new Date()).getTime());
    let requestId: string | null = claims.subject;
    // Links from before confirmation requests named the subscriber: they confirm what was pending when signed.
    if (!requestId.startsWith('cfr_'))
      requestId = await adoptLegacyConfirmation(
        deps.db,
        requestId,
        new Date((claims.expiresAt - TOKEN_LIFETIMES.confirm) * 1000),
      );
    const confirmation = requestId ? await findConfirmation(deps.db, requestId) : null;
    if (!requestId || !confirmation) throw gone();
    if (confirmation.subscriber.tokenVersion !== claims.version)
      throw new HttpError(410, 'This link has been replaced by a newer one. Please use the link in your latest email.');
    return { ...confirmation, requestId };
  };

  app.get<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const { waiting, subscriber, alerts, follows } = await load(request.params.token);
    const what = describeItems(waiting);
    // The email named none of the requester's words (issue #20): this page, which its owner chose to open, shows
    // exactly what they are confirming.
    const described = await Promise.all(
      alerts.map(async (alert) => {
        const checked = validateQuery(alert.query);
        const description = checked.ok
          ? await describeAlert(deps.db, checked.query, alert.query, { askings: alert.includeTabled })
          : `answers matching ${alert.query}`;
        return html`<li>${alert.label ? html`<strong>${alert.label}</strong>: ` : ''}${description}, sent ${FREQUENCY_WORDS[alert.frequency]}</li>`;
      }),
    );
    return sendPage(reply, {
      title: 'Confirm your email address',
      body: html`<h1>Confirm your email address</h1>
${
  what
    ? html`<p>You have ${what} waiting for confirmation, for <strong>${subscriber.email}</strong>.</p>
${described.length ? html`<ul>${described}</ul>` : ''}
${follows.length ? html`<ul>${follows.map((q) => html`<li><a href="/questions/${q.id}">${questionName(q)}</a>: email me when it is answered</li>`)}</ul>` : ''}
<p>If you did not ask for these, do nothing: without your confirmation we send nothing more.</p>
<form method="post" action="/confirm/${request.params.token}"><button type="submit" class="primary">Confirm</button></form>`
    : html`<p class="notice">Everything this email asked for is already confirmed: there is nothing to do.</p><p><a href="/manage/${deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion })}">Manage your alerts</a></p>`
}`,
    });
  });

  app.post<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const { subscriber, requestId, alerts, follows } = await load(request.params.token);
    if (subscriber.status === 'DISABLED')
      throw new HttpError(403, 'This address has been disabled. Please contact us.');
    const { confirmed } = await confirmRequest(deps.db, requestId, deps.now?.() ?? new Date());
    const manage = deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
    // What was still waiting when loaded is what confirmRequest confirmed (the same rows, by the same conditions):
    // named here, with the address, so the reader can see what they agreed to.
    const written = await writeMemberNames(
      deps.db,
      alerts.map((a) => a.query),
    );
    const named = alerts.map((a, i) => ({ written: written[i]!, label: a.label, frequency: a.frequency }));
    // A webhook alert's signing secret, to the person who just confirmed it by its email's link (this answer to a
    // POST, no-store; never the email itself). Later, only the manage page's "Show signing secret" shows it.
    const webhooks = await deps.db.webhook.findMany({
      where: { subscriptionId: { in: alerts.map((a) => a.id) } },
      select: { url: true, secret: true },
      orderBy: { createdAt: 'asc' },
    });
    return sendPage(reply, {
      title: 'Confirmed',
      body: html`<h1>Confirmed</h1>
<p class="notice">${confirmedNotice(confirmed, webhooks.length)}</p>
${confirmed.alerts + confirmed.follows ? html`<p>Confirmed for <strong>${subscriber.email}</strong>:</p>${subscriberItems(named, follows)}` : ''}
${confirmedWebhooks(webhooks.map((w) => ({ host: new URL(w.url).host, secret: w.secret })))}
<p><a href="/manage/${manage}">Manage your alerts</a></p>`,
    });
  });
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 alerts", "1 question to follow", "1 alert and 1 question to follow"; empty when there is nothing. */
function describeItems(items: { alerts: number; follows: number }): string {
  const parts = [
    items.alerts ? plural(items.alerts, 'alert', 'alerts') : '',
    items.follows ? plural(items.follows, 'question to follow', 'questions to follow') : '',
  ].filter(Boolean);
  return parts.join(' and ');
}

/** What the confirmation did, and what the reader will get from now on. */
function confirmedNotice(confirmed: { alerts: number; follows: number }, webhooks = 0): string {
  const said: string[] = [];
  if (confirmed.alerts) {
    const how = !webhooks
      ? 'you will get an email'
      : webhooks >= confirmed.alerts
        ? 'we will post to your webhook'
        : "we will email you (or post to the alert's webhook)";
    said.push(`${plural(confirmed.alerts, 'alert is', 'alerts are')} now active: ${how} when a new answer matches.`);
  }
  if (confirmed.follows) {
    said.push(
      `You are now following ${plural(confirmed.follows, 'question', 'questions')}: we will email you when ${confirmed.follows === 1 ? 'it is' : 'they are'} answered.`,
    );
  }
  return said.length ? said.join(' ') : 'Everything was already confirmed.';
}
