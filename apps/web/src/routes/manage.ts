import type { Frequency, Subscriber } from '@alerts/db';
import { checkAlertQuery, labelProblem } from '@alerts/alert-rules';
import { writeMemberNames } from '@alerts/composition';
import {
  listFollows,
  removeAlertWebhook,
  removeAllSubscriptions,
  removeSubscription,
  revokeLinks,
  setAlertWebhook,
  setSubscriptionPaused,
  updateSubscription,
} from '@alerts/subscriptions';
import { validateQuery } from '@alerts/matching';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readerClock, webhookPolicy, type AppDeps, type RateLimits } from '../deps';
import { isFrequency } from '../frequency';
import { HttpError, notFound } from '../http-error';
import { formField } from '../http/form-field';
import { scanLimit } from '../http/scan-limit';
import { sendPage } from '../http/send-page';
import { describeAlert } from '../questions/describe-alert';
import { previewQuery } from '../questions/preview-query';
import { resolveNames } from '../questions/resolve-names';
import { gone, subscriberFromToken } from '../tokens/subscriber-from-token';
import { confirmDeletePage } from '../views/confirm-delete';
import { editAlertForm, type EditAlertErrors } from '../views/edit-alert-form';
import { followsSection } from '../views/follows-section';
import { managePage, MANAGE_NOTICES, type ManageNotice } from '../views/manage-page';
import { nameProblem } from '../views/name-problem';
import { previewBox } from '../views/preview';
import { webhookSecretPage } from '../views/webhook-fields';
import { checkWebhookFields } from './signup-input';
import { queryError } from '../views/query-error';

type Params = { token: string; id: string };

/**
 * `/manage/:token`: every alert of one address: pause, resume, edit, change frequency, delete, delete all.
 * The token is the credential (signed, scoped to "manage", expiring), so these forms need no session. Every POST
 * answers with a redirect to a page (Post/Redirect/Get), so reloading never repeats an action, and deleting asks
 * first.
 */
export function registerManageRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  const load = async (token: string): Promise<Subscriber> => {
    const subscriber = await subscriberFromToken(deps, token, 'manage');
    if (!subscriber) throw gone();
    return subscriber;
  };
  const ownAlert = async (subscriber: Subscriber, id: string) => {
    const subscription = await deps.db.subscription.findFirst({
      where: { id, subscriberId: subscriber.id },
      include: { webhook: { select: { url: true, format: true } } },
    });
    if (!subscription) throw notFound('alert');
    return subscription;
  };
  const done = (reply: FastifyReply, token: string, notice: ManageNotice, count?: number) =>
    reply.redirect(`/manage/${token}?done=${notice}${count !== undefined ? `&n=${count}` : ''}`, 303);

  app.get<{ Params: { token: string }; Querystring: { done?: string; n?: string } }>(
    '/manage/:token',
    async (request, reply) => {
      const subscriber = await load(request.params.token);
      const subscriptions = await deps.db.subscription.findMany({
        where: { subscriberId: subscriber.id },
        // Never the secret: the page shows it only in answer to "Show signing secret" (manage-webhook.ts).
        include: {
          webhook: { select: { url: true, format: true, disabledAt: true, failingSince: true, lastError: true } },
        },
        orderBy: { createdAt: 'asc' },
      });
      const descriptions = new Map(
        await Promise.all(subscriptions.map(async (s) => [s.id, await describeSaved(deps, s.query)] as const)),
      );
      const names = await writeMemberNames(
        deps.db,
        subscriptions.map((s) => s.query),
      );
      const written = new Map(subscriptions.map((s, i) => [s.id, names[i]!] as const));
      const feedToken = (id: string) =>
        deps.signer.sign({ purpose: 'feed', subject: id, version: subscriber.tokenVersion });
      const notice =
        request.query.done && request.query.done in MANAGE_NOTICES ? (request.query.done as ManageNotice) : undefined;
      const count = /^\d{1,4}$/.test(request.query.n ?? '') ? Number(request.query.n) : undefined;
      const follows = await listFollows(deps.db, subscriber.id);
      const body = managePage({
        token: request.params.token,
        email: subscriber.email,
        subscriptions,
        descriptions,
        written,
        feedToken,
        notice,
        count,
        follows: followsSection({ token: request.params.token, follows }),
      });
      return sendPage(reply, { title: follows.length ? 'Your followed questions and alerts' : 'Your alerts', body });
    },
  );

  app.post<{ Params: Params }>('/manage/:token/alerts/:id', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const subscription = await ownAlert(subscriber, request.params.id);
    const action = formField(request.body, 'action');
    if (action === 'pause' || action === 'resume') {
      await setSubscriptionPaused(deps.db, {
        subscriberId: subscription.subscriberId,
        id: subscription.id,
        paused: action === 'pause',
      });
      return done(reply, request.params.token, action === 'pause' ? 'paused' : 'resumed');
    }
    if (action === 'delete')
      return reply.redirect(`/manage/${request.params.token}/alerts/${subscription.id}/delete`, 303);
    throw new HttpError(400, 'Unknown action.');
  });

  app.get<{ Params: Params }>('/manage/:token/alerts/:id/delete', async (request, reply) => {
    const subscription = await ownAlert(await load(request.params.token), request.params.id);
    const what = subscription.label ?? (await describeSaved(deps, subscription.query));
    return sendPage(reply, {
      title: 'Delete this alert?',
      body: confirmDeletePage({
        action: `/manage/${request.params.token}/alerts/${subscription.id}/delete`,
        back: `/manage/${request.params.token}`,
        what: [what],
      }),
    });
  });

  app.post<{ Params: Params }>('/manage/:token/alerts/:id/delete', async (request, reply) => {
    const subscription = await ownAlert(await load(request.params.token), request.params.id);
    await removeSubscription(deps.db, subscription.id, { subscriberId: subscription.subscriberId });
    return done(reply, request.params.token, 'deleted');
  });

  // The edit form shows the 30-day preview, a scan like search's: the same limit.
  app.get<{ Params: Params }>('/manage/:token/alerts/:id/edit', scanLimit(limits), async (request, reply) => {
    const subscription = await ownAlert(await load(request.params.token), request.params.id);
    return sendPage(reply, {
      title: 'Edit alert',
      body: await renderEdit(deps, {
        action: `/manage/${request.params.token}/alerts/${subscription.id}/edit`,
        back: `/manage/${request.params.token}`,
        query: (await writeMemberNames(deps.db, [subscription.query]))[0]!,
        label: subscription.label ?? '',
        frequency: subscription.frequency,
        includeTabled: subscription.includeTabled,
        webhookUrl: subscription.webhook?.url ?? '',
        webhookFormat: subscription.webhook?.format ?? '',
        errors: {},
      }),
    });
  });

  app.post<{ Params: Params }>('/manage/:token/alerts/:id/edit', scanLimit(limits), async (request, reply) => {
    const subscription = await ownAlert(await load(request.params.token), request.params.id);
    const written = formField(request.body, 'query').trim();
    const label = formField(request.body, 'label').trim();
    const frequency = formField(request.body, 'frequency');
    const includeTabled = formField(request.body, 'includeTabled') === 'yes';
    const webhookFields = {
      webhookUrl: formField(request.body, 'webhookUrl').trim(),
      webhookFormat: formField(request.body, 'webhookFormat'),
    };
    const webhook = await checkWebhookFields(webhookFields, webhookPolicy(deps));
    const resolved = await resolveNames(deps.db, written);
    const checked = resolved.ok ? checkAlertQuery(resolved.query) : null;
    const labelError = labelProblem(label);
    const errors: EditAlertErrors = {
      ...(!resolved.ok
        ? { query: nameProblem(resolved.problem) }
        : checked && !checked.ok
          ? { query: queryError(written, checked.error) }
          : {}),
      ...(labelError ? { label: labelError } : {}),
      ...(!isFrequency(frequency) ? { frequency: 'Choose how often you want emails.' } : {}),
      ...('error' in webhook ? { webhook: webhook.error } : {}),
    };
    if (Object.keys(errors).length || !resolved.ok || !('webhook' in webhook)) {
      return sendPage(
        reply,
        {
          title: 'Edit alert',
          body: await renderEdit(deps, {
            action: `/manage/${request.params.token}/alerts/${subscription.id}/edit`,
            back: `/manage/${request.params.token}`,
            query: written,
            label,
            frequency,
            includeTabled,
            ...webhookFields,
            errors,
          }),
        },
        400,
      );
    }
    const owner = { subscriberId: subscription.subscriberId, id: subscription.id };
    // The channel first: updateSubscription refuses a digest frequency on a webhook alert, and a webhook alert is
    // immediate whatever "How often?" says.
    const added = webhook.webhook
      ? await setAlertWebhook(deps.db, { ...owner, ...webhook.webhook, policy: webhookPolicy(deps) })
      : null;
    if (!webhook.webhook && subscription.webhook) await removeAlertWebhook(deps.db, owner);
    await updateSubscription(deps.db, {
      ...owner,
      query: resolved.query,
      label: label || null,
      frequency: webhook.webhook ? 'IMMEDIATE' : (frequency as Frequency),
      includeTabled,
    });
    // A new webhook's secret is shown now, in answer to this POST, and never again unless asked for (manage page).
    if (added?.created && webhook.webhook) {
      return sendPage(reply, {
        title: 'Webhook signing secret',
        body: webhookSecretPage({
          back: `/manage/${request.params.token}`,
          host: new URL(webhook.webhook.url).host,
          secret: added.secret,
          fresh: 'new',
        }),
      });
    }
    return done(reply, request.params.token, 'saved');
  });

  app.get<{ Params: { token: string } }>('/manage/:token/delete-all', async (request, reply) => {
    const subscriber = await load(request.params.token);
    const subscriptions = await deps.db.subscription.findMany({
      where: { subscriberId: subscriber.id },
      orderBy: { createdAt: 'asc' },
    });
    const what = await Promise.all(subscriptions.map(async (s) => s.label ?? (await describeSaved(deps, s.query))));
    return sendPage(reply, {
      title: 'Delete all your alerts?',
      body: confirmDeletePage({
        action: `/manage/${request.params.token}/delete-all`,
        back: `/manage/${request.params.token}`,
        what,
      }),
    });
  });

  app.post<{ Params: { token: string } }>('/manage/:token/delete-all', async (request, reply) => {
    const subscriber = await load(request.params.token);
    if (formField(request.body, 'confirm') !== 'yes')
      return reply.redirect(`/manage/${request.params.token}/delete-all`, 303);
    const count = await removeAllSubscriptions(deps.db, subscriber.id);
    return done(reply, request.params.token, 'deleted-all', count);
  });

  // "Invalidate my old links": every manage and confirm link signed before stops working; the visitor moves to a new one.
  app.post<{ Params: { token: string } }>('/manage/:token/revoke-links', async (request, reply) => {
    const subscriber = await revokeLinks(deps.db, (await load(request.params.token)).id);
    return reply.redirect(
      `/manage/${deps.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion })}`,
      303,
    );
  });
}

/** A saved query in words, naming members we know; an old query that no longer parses is shown as written. */
export async function describeSaved(deps: AppDeps, query: string): Promise<string> {
  const checked = validateQuery(query);
  return checked.ok ? describeAlert(deps.db, checked.query, query) : `answers matching ${query}`;
}

/** The edit form with the query's description and 30-day preview, as the signup form shows them. */
async function renderEdit(
  deps: AppDeps,
  options: Omit<Parameters<typeof editAlertForm>[0], 'description' | 'preview'>,
) {
  const resolved = options.errors.query ? null : await resolveNames(deps.db, options.query);
  const checked = resolved?.ok ? validateQuery(resolved.query) : null;
  if (!resolved?.ok || !checked?.ok) return editAlertForm({ ...options, description: null, preview: '' });
  const preview = previewBox(await previewQuery(deps.db, checked.query, { clock: readerClock(deps) }));
  return editAlertForm({
    ...options,
    description: await describeAlert(deps.db, checked.query, resolved.query),
    preview,
  });
}
