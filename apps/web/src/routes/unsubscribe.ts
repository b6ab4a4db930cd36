import { planGoodbye } from '@alerts/pipeline';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { subscriberFromToken } from '../tokens/subscriber-from-token';
import { html } from '../views/html';
import { sendPage } from '../http/send-page';

/**
 * `/unsubscribe/:token`, the List-Unsubscribe URL. POST is RFC 8058 one-click: it needs no cookie, answers 200
 * without redirecting, and is idempotent. GET only shows a button, because mail scanners follow links.
 * Unsubscribing deletes the subscriber and every alert (we keep no personal data we do not need); the address stays
 * only on the goodbye's Delivery row, until the reconciler erases it (see the root README, "Personal data").
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const subscriber = await subscriberFromToken(deps, request.params.token, 'unsubscribe', { allowOldVersion: true });
    return sendPage(reply, {
      title: 'Unsubscribe',
      body: subscriber
        ? html`<h1>Unsubscribe</h1><p>Stop all alerts to this address and delete them?</p>
<form method="post" action="/unsubscribe/${request.params.token}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from all alerts</button></form>`
        : html`<h1>You are unsubscribed</h1><p>We send nothing more to this address.</p>`,
    });
  });

  // RFC 8058 receivers post `List-Unsubscribe=One-Click` as urlencoded or multipart/form-data, and some post other
  // bodies or none: the URL alone is the request, so in this scope every body is accepted and ignored (still capped
  // by the app's body limit).
  void app.register(async (oneClick) => {
    oneClick.removeAllContentTypeParsers();
    oneClick.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
    registerOneClick(oneClick, deps);
  });
}

function registerOneClick(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    // Old links keep working: an unsubscribe link in any email we ever sent must still stop the emails.
    const subscriber = await subscriberFromToken(deps, request.params.token, 'unsubscribe', { allowOldVersion: true });
    if (subscriber) {
      // The goodbye is owed in the transaction that deletes the subscriber: one never happens without the other.
      const planned = await deps.db.$transaction(async (tx) => {
        const deleted = await tx.subscriber.deleteMany({ where: { id: subscriber.id } });
        return deleted.count ? planGoodbye(tx, subscriber) : [];
      });
      if (planned.length) await deps.queues.enqueueDeliveries(planned).catch((err: Error) => request.log.warn({ err }, 'could not enqueue the goodbye; the reconciler will'));
    }
    return sendPage(reply, { title: 'Unsubscribed', body: html`<h1>You are unsubscribed</h1><p class="notice">We have deleted your alerts and will send nothing more, apart from one email confirming this.</p><p><a href="/alerts/new">Create a new alert</a></p>` });
  });
}
