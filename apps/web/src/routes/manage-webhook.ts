import { enableWebhook } from '@alerts/delivery';
import { regenerateWebhookSecret, removeAlertWebhook } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http-error';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { webhookSecretPage } from '../views/webhook-fields';

type Params = { token: string; id: string };

/**
 * `POST /manage/:token/alerts/:id/webhook`: one alert's webhook, from the manage page. As every manage form, the
 * signed token in the path is the credential (a forged cross-site post would need it). `enable` and `remove`
 * redirect (Post/Redirect/Get); `secret` and `regenerate` answer with the secret itself, so it appears only in the
 * answer to a POST from the holder of the manage link: never in a URL, an email or a log.
 */
export function registerManageWebhookRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: Params }>('/manage/:token/alerts/:id/webhook', async (request, reply) => {
    const { token, id } = request.params;
    const subscriber = await subscriberFromToken(deps, token, 'manage');
    if (!subscriber) throw gone();
    const webhook = await deps.db.webhook.findFirst({ where: { subscriptionId: id, subscription: { subscriberId: subscriber.id } } });
    if (!webhook) throw notFound('webhook');
    const back = `/manage/${token}`;
    const host = new URL(webhook.url).host;
    switch (formField(request.body, 'action')) {
      case 'enable': {
        // The same function as `alerts subscriptions enable-webhook ID`; the posts it owes again are also found by
        // the reconciler if Redis does not take them now.
        const { enabled, retried } = await enableWebhook(deps.db, id);
        if (retried.length) await deps.queues.enqueueDeliveries(retried).catch((err: unknown) => request.log.warn({ err }, 'could not enqueue; the reconciler will'));
        return reply.redirect(`${back}?done=${enabled ? 'webhook-enabled' : 'webhook-on'}`, 303);
      }
      case 'remove':
        await removeAlertWebhook(deps.db, { subscriberId: subscriber.id, id });
        return reply.redirect(`${back}?done=webhook-removed`, 303);
      case 'secret':
        return sendPage(reply, { title: 'Webhook signing secret', body: webhookSecretPage({ back, host, secret: webhook.secret, fresh: 'shown' }) });
      case 'regenerate': {
        const secret = await regenerateWebhookSecret(deps.db, { subscriberId: subscriber.id, id });
        return sendPage(reply, { title: 'Webhook signing secret', body: webhookSecretPage({ back, host, secret, fresh: 'regenerated' }) });
      }
      default:
        throw new HttpError(400, 'Unknown action.');
    }
  });
}
