import { adoptLegacyConfirmation, confirmRequest, findConfirmation } from '@alerts/pipeline';
import { TOKEN_LIFETIMES } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { sendPage } from '../http/send-page';
import { gone } from '../tokens/subscriber-from-token';
import { html } from '../views/html';

/**
 * `/confirm/:token`, the double opt-in link. The token names the confirmation request of one email, so the link
 * confirms exactly the alerts that email listed, never ones added for the address later. GET only shows a button:
 * mail scanners fetch links, and a GET that confirmed would let them confirm an address on its owner's behalf.
 */
export function registerConfirmRoutes(app: FastifyInstance, deps: AppDeps): void {
  const load = async (token: string) => {
    const claims = deps.signer.verify(token, 'confirm', (deps.now?.() ?? new Date()).getTime());
    let requestId: string | null = claims.subject;
    // Links from before confirmation requests named the subscriber: they confirm what was pending when signed.
    if (!requestId.startsWith('cfr_')) requestId = await adoptLegacyConfirmation(deps.db, requestId, new Date((claims.expiresAt - TOKEN_LIFETIMES.confirm) * 1000));
    const confirmation = requestId ? await findConfirmation(deps.db, requestId) : null;
    if (!requestId || !confirmation) throw gone();
    if (confirmation.subscriber.tokenVersion !== claims.version) throw new HttpError(410, 'This link has been replaced by a newer one. Please use the link in your latest email.');
    return { ...confirmation, requestId };
  };

  app.get<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const { waiting, subscriber } = await load(request.params.token);
    return sendPage(reply, {
      title: 'Confirm your alerts',
      body: html`<h1>Confirm your alerts</h1>
${waiting
  ? html`<p>You have ${waiting} alert${waiting === 1 ? '' : 's'} waiting for confirmation.</p>
<form method="post" action="/confirm/${request.params.token}"><button type="submit" class="primary">Confirm my alerts</button></form>`
  : html`<p class="notice">Your alerts are already confirmed: there is nothing to do.</p><p><a href="/manage/${deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion })}">Manage your alerts</a></p>`}`,
    });
  });

  app.post<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const { subscriber, requestId } = await load(request.params.token);
    if (subscriber.status === 'DISABLED') throw new HttpError(403, 'This address has been disabled. Please contact us.');
    const { confirmed } = await confirmRequest(deps.db, requestId, deps.now?.() ?? new Date());
    const manage = deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
    return sendPage(reply, {
      title: 'Alerts confirmed',
      body: html`<h1>Your alerts are confirmed</h1>
<p class="notice">${confirmed ? `${confirmed} alert${confirmed === 1 ? ' is' : 's are'} now active.` : 'Everything was already confirmed.'} You will get an email when a new answer matches.</p>
<p><a href="/manage/${manage}">Manage your alerts</a></p>`,
    });
  });
}
