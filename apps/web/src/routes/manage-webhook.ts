import { enableWebhook } from '@alerts/delivery';
import { regenerateWebhookSecret, removeAlertWebhook } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http-error';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { confirmRegenerateSecretPage, confirmRemoveWebhookPage } from '../views/confirm-webhook-change';
import { webhookSecretPage } from '../views/webhook-fields';
import { describeSaved } from './manage';

type Params = { token: string; id: string };

/**
 * `POST /manage/:token/alerts/:id/webhook`: one alert's webhook, from the manage page. As every manage form, the
 * signed token in the path is the credential (a forged cross-site post would need it). `enable` redirects
 * (Post/Redirect/Get); `secret` and a confirmed `regenerate` answer with the secret itself, so it appears only in the
 * answer to a POST from the holder of the manage link: never in a URL, an email or a log.
 *
 * `regenerate` and `remove` ask first, as deleting an alert does: without `confirm=yes` they redirect to a page that
 * says what will happen (the receiver rejects our posts until it has the new secret; answers go by email again),
 * whose button posts here again with it. Reloading or double-clicking the manage page's button changes nothing.
 */
export function registerManageWebhookRoutes(app: FastifyInstance, deps: AppDeps): void {
  const load = async ({ token, id }: Params) => {
    const subscriber = await subscriberFromToken(deps, token, 'manage');
    if (!subscriber) throw gone();
    const webhook = await deps.db.webhook.findFirst({
      where: { subscriptionId: id, subscription: { subscriberId: subscriber.id } },
      include: { subscription: true },
    });
    if (!webhook) throw notFound('webhook');
    return {
      subscriber,
      webhook,
      back: `/manage/${token}`,
      action: `/manage/${token}/alerts/${id}/webhook`,
      host: new URL(webhook.url).host,
    };
  };

  app.post<{ Params: Params }>('/manage/:token/alerts/:id/webhook', async (request, reply) => {
    const { id } = request.params;
    const { subscriber, webhook, back, action, host } = await load(request.params);
    const confirmed = formField(request.body, 'confirm') === 'yes';
    switch (formField(request.body, 'action')) {
      case 'enable': {
        // The same function as `alerts subscriptions enable-webhook ID`; the posts it owes again are also found by
        // the reconciler if Redis does not take them now.
        const { enabled, retried } = await enableWebhook(deps.db, id);
        if (retried.length)
          await deps.queues
            .enqueueDeliveries(retried)
            .catch((err: unknown) => request.log.warn({ err }, 'could not enqueue; the reconciler will'));
        return reply.redirect(`${back}?done=${enabled ? 'webhook-enabled' : 'webhook-on'}`, 303);
      }
      case 'remove':
        if (!confirmed) return reply.redirect(`${action}/remove`, 303);
        await removeAlertWebhook(deps.db, { subscriberId: subscriber.id, id });
        return reply.redirect(`${back}?done=webhook-removed`, 303);
      case 'secret':
        return sendPage(reply, {
          title: 'Webhook signing secret',
          body: webhookSecretPage({ back, host, secret: webhook.secret, fresh: 'shown' }),
        });
      case 'regenerate': {
        if (!confirmed) return reply.redirect(`${action}/regenerate`, 303);
        const secret = await regenerateWebhookSecret(deps.db, { subscriberId: subscriber.id, id });
        return sendPage(reply, {
          title: 'Webhook signing secret',
          body: webhookSecretPage({ back, host, secret, fresh: 'regenerated' }),
        });
      }
      default:
        throw new HttpError(400, 'Unknown action.');
    }
  });

  // The confirmation pages: they show the host, never the secret, and change nothing.
  app.get<{ Params: Params }>('/manage/:token/alerts/:id/webhook/regenerate', async (request, reply) => {
    const { webhook, back, action, host } = await load(request.params);
    const what = webhook.subscription.label ?? (await describeSaved(deps, webhook.subscription.query));
    return sendPage(reply, {
      title: 'Make a new signing secret?',
      body: confirmRegenerateSecretPage({ action, back, what, host }),
    });
  });

  app.get<{ Params: Params }>('/manage/:token/alerts/:id/webhook/remove', async (request, reply) => {
    const { subscriber, webhook, back, action, host } = await load(request.params);
    const what = webhook.subscription.label ?? (await describeSaved(deps, webhook.subscription.query));
    return sendPage(reply, {
      title: 'Remove this webhook?',
      body: confirmRemoveWebhookPage({
        action,
        back,
        what,
        host,
        email: subscriber.email,
        held: webhook.disabledAt !== null,
      }),
    });
  });
}
