import { confirmSubscriber } from '@alerts/pipeline';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { sendPage } from '../http/send-page';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { html } from '../views/html';

/**
 * `/confirm/:token`, the double opt-in link. GET only shows a button: mail scanners fetch links, and a GET that
 * confirmed would let them confirm an address on its owner's behalf.
 */
export function registerConfirmRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const subscriber = await subscriberFromToken(deps, request.params.token, 'confirm');
    if (!subscriber) throw gone();
    const pending = await deps.db.subscription.count({ where: { subscriberId: subscriber.id, confirmedAt: null } });
    return sendPage(reply, {
      title: 'Confirm your alerts',
      body: html`<h1>Confirm your alerts</h1>
${pending
  ? html`<p>You have ${pending} alert${pending === 1 ? '' : 's'} waiting for confirmation.</p>
<form method="post" action="/confirm/${request.params.token}"><button type="submit" class="primary">Confirm my alerts</button></form>`
  : html`<p class="notice">Your alerts are already confirmed: there is nothing to do.</p><p><a href="/manage/${deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion })}">Manage your alerts</a></p>`}`,
    });
  });

  app.post<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const subscriber = await subscriberFromToken(deps, request.params.token, 'confirm');
    if (!subscriber) throw gone();
    if (subscriber.status === 'DISABLED') throw new HttpError(403, 'This address has been disabled. Please contact us.');
    const { confirmed } = await confirmSubscriber(deps.db, subscriber.id, deps.now?.() ?? new Date());
    const manage = deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
    return sendPage(reply, {
      title: 'Alerts confirmed',
      body: html`<h1>Your alerts are confirmed</h1>
<p class="notice">${confirmed ? `${confirmed} alert${confirmed === 1 ? ' is' : 's are'} now active.` : 'Everything was already confirmed.'} You will get an email when a new answer matches.</p>
<p><a href="/manage/${manage}">Manage your alerts</a></p>`,
    });
  });
}
