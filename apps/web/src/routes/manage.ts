import type { Frequency, Subscriber } from '@alerts/db';
import { checkAlertQuery, labelProblem, listFollows, removeAllSubscriptions, removeSubscription, revokeLinks, setSubscriptionPaused, updateSubscription } from '@alerts/pipeline';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../deps';
import { isFrequency } from '../frequency';
import { HttpError, notFound } from '../http-error';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { editAlertForm } from '../views/edit-alert-form';
import { followsSection } from '../views/follows-section';
import { html } from '../views/html';
import { managePage } from '../views/manage-page';
import { queryError } from '../views/query-error';

type Params = { token: string; id: string };

/**
 * `/manage/:token`: every alert of one address: pause, resume, edit, change frequency, delete, delete all.
 * The token is the credential (signed, scoped to "manage", expiring), so these forms need no session.
 */
export function registerManageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const load = async (token: string): Promise<Subscriber> => {
    const subscriber = await subscriberFromToken(deps, token, 'manage');
    if (!subscriber) throw gone();
    return subscriber;
  };
  const ownAlert = async (subscriber: Subscriber, id: string) => {
    const subscription = await deps.db.subscription.findFirst({ where: { id, subscriberId: subscriber.id } });
    if (!subscription) throw notFound('alert');
    return subscription;
  };
  const show = async (reply: FastifyReply, token: string, subscriber: Subscriber, notice?: string) => {
    const subscriptions = await deps.db.subscription.findMany({ where: { subscriberId: subscriber.id }, orderBy: { createdAt: 'asc' } });
    const follows = await listFollows(deps.db, subscriber.id);
    const feedToken = (id: string) => deps.signer.sign({ purpose: 'feed', subject: id, version: subscriber.tokenVersion });
    const body = html`${managePage({ token, email: subscriber.email, subscriptions, feedToken, ...(notice ? { notice } : {}) })}${followsSection({ token, follows })}`;
    return sendPage(reply, { title: 'Your alerts', body });
  };

  app.get<{ Params: { token: string } }>('/manage/:token', async (request, reply) => show(reply, request.params.token, await load(request.params.token)));

  app.post<{ Params: Params }>('/manage/:token/alerts/:id', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const subscription = await ownAlert(subscriber, request.params.id);
    const action = formField(request.body, 'action');
    if (action === 'pause' || action === 'resume') {
      await setSubscriptionPaused(deps.db, { subscriberId: subscriber.id, id: subscription.id, paused: action === 'pause' });
      return show(reply, request.params.token, subscriber, action === 'pause' ? 'Alert paused.' : 'Alert resumed.');
    }
    if (action === 'delete') {
      await removeSubscription(deps.db, subscription.id, { subscriberId: subscriber.id });
      return show(reply, request.params.token, subscriber, 'Alert deleted.');
    }
    throw new HttpError(400, 'Unknown action.');
  });

  app.get<{ Params: Params }>('/manage/:token/alerts/:id/edit', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const subscription = await ownAlert(subscriber, request.params.id);
    return sendPage(reply, { title: 'Edit alert', body: editAlertForm({ action: `/manage/${request.params.token}/alerts/${subscription.id}/edit`, query: subscription.query, label: subscription.label ?? '', frequency: subscription.frequency, errors: {} }) });
  });

  app.post<{ Params: Params }>('/manage/:token/alerts/:id/edit', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const subscription = await ownAlert(subscriber, request.params.id);
    const query = formField(request.body, 'query').trim();
    const label = formField(request.body, 'label').trim();
    const frequency = formField(request.body, 'frequency');
    const checked = checkAlertQuery(query);
    const labelError = labelProblem(label);
    const errors = {
      ...(!checked.ok ? { query: queryError(query, checked.error) } : {}),
      ...(labelError ? { label: labelError } : {}),
      ...(!isFrequency(frequency) ? { frequency: 'Choose how often you want emails.' } : {}),
    };
    if (Object.keys(errors).length) {
      return sendPage(reply, { title: 'Edit alert', body: editAlertForm({ action: `/manage/${request.params.token}/alerts/${subscription.id}/edit`, query, label, frequency, errors }) }, 400);
    }
    await updateSubscription(deps.db, { subscriberId: subscriber.id, id: subscription.id, query, label: label || null, frequency: frequency as Frequency });
    return show(reply, request.params.token, subscriber, 'Alert saved.');
  });

  app.post<{ Params: { token: string } }>('/manage/:token/delete-all', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const count = await removeAllSubscriptions(deps.db, subscriber.id);
    return show(reply, request.params.token, subscriber, `Deleted ${count} alert${count === 1 ? '' : 's'}.`);
  });

  // "Invalidate my old links": every manage and confirm link signed before stops working; the visitor moves to a new one.
  app.post<{ Params: { token: string } }>('/manage/:token/revoke-links', async (request, reply) => {
    const subscriber = await revokeLinks(deps.db, (await load(request.params.token)).id);
    return reply.redirect(`/manage/${deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion })}`, 303);
  });
}
