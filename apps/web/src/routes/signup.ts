import { checkAlertQuery } from '@alerts/alert-rules';
import { describeWithNames } from '@alerts/composition';
import { oweDeliveries } from '@alerts/delivery';
import { addSubscription, PipelineError, UNCONFIRMED_SIGNUP_DAYS } from '@alerts/subscriptions';
import { MAX_QUERY_LENGTH } from '@alerts/matching';
import { deliverJobs } from '@alerts/queue';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { webhookPolicy, type AppDeps, type RateLimits } from '../deps';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { createCorpusStats } from '../questions/corpus-stats';
import { resolveNames } from '../questions/resolve-names';
import { html } from '../views/html';
import { nameProblem } from '../views/name-problem';
import type { SignupFormErrors } from '../views/signup-form';
import {
  alertSuggestions,
  questionOrigin,
  renderAlertForm,
  startingQuery,
  type AlertFormDeps,
} from './alert-form-page';
import {
  asFrequency,
  checkSignup,
  checkWebhookFields,
  fullQuery,
  readSignupInput,
  type SignupInput,
} from './signup-input';
import { scanLimit } from '../http/scan-limit';

const HOUR_MS = 3600 * 1000;

/**
 * `/alerts/new`: create an alert with double opt-in. The answer to a valid signup is the same whether the address
 * is new, already subscribed or over its limit, so the form cannot be used to learn who subscribes.
 */
export function registerSignupRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  // Word counts over the stored questions, for the suggestions; built on first use, lives as long as the app.
  const form: AlertFormDeps = { deps, corpus: createCorpusStats(deps.db) };
  const render = (
    reply: FastifyReply,
    input: SignupInput,
    errors: SignupFormErrors,
    options: Parameters<typeof renderAlertForm>[4],
    status = 200,
  ) => renderAlertForm(form, reply, input, errors, options, status);

  // The form runs a 30-day preview scan (like /search), so it shares search's per-IP limit.
  app.get<{ Querystring: { question?: string; q?: string; tabled?: string } }>(
    '/alerts/new',
    scanLimit(limits),
    async (request, reply) => {
      const questionId =
        typeof request.query.question === 'string' && /^\d{1,9}$/.test(request.query.question)
          ? Number(request.query.question)
          : null;
      const origin = await questionOrigin(deps, questionId);
      const suggestions = origin ? await alertSuggestions(form, origin) : [];
      const input: SignupInput = {
        // ?tabled=yes (a member page's "Email me when … asks or answers") ticks "also tell me when such a question is asked".
        email: '',
        label: '',
        frequency: 'DAILY',
        includeTabled: request.query.tabled === 'yes',
        department: '',
        member: '',
        baseQuery:
          typeof request.query.q === 'string'
            ? request.query.q.slice(0, MAX_QUERY_LENGTH)
            : origin
              ? startingQuery(suggestions, origin.question.heading)
              : '',
        questionId: origin ? origin.question.id : null,
        webhookUrl: '',
        webhookFormat: '',
      };
      return render(
        reply,
        input,
        {},
        { preview: Boolean(input.baseQuery), checked: { department: false, member: false }, suggestions },
      );
    },
  );

  app.get<{ Querystring: { q?: string } }>('/api/describe', async (request) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, MAX_QUERY_LENGTH + 100) : '';
    const checked = checkAlertQuery(q);
    return checked.ok
      ? { ok: true, description: await describeWithNames(deps.db, checked.query, q) }
      : { ok: false, ...checked.error };
  });

  app.post(
    '/alerts/new',
    { config: { rateLimit: { max: limits.signupPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const input = readSignupInput(request.body);
      const preview = formField(request.body, 'action') === 'preview';
      const boxes = { department: Boolean(input.department), member: Boolean(input.member) };
      const resolved = await resolveNames(deps.db, input.baseQuery);
      if (!resolved.ok)
        return render(reply, input, { query: nameProblem(resolved.problem) }, { preview: false, checked: boxes }, 400);
      input.baseQuery = resolved.query; // member:"Jeremy Corbyn" is stored as member:185
      const { errors, email } = checkSignup(input, { requireEmail: !preview });
      const webhook = await checkWebhookFields(input, webhookPolicy(deps));
      if ('error' in webhook) errors.webhook = webhook.error;
      if (Object.keys(errors).length || !('webhook' in webhook))
        return render(reply, input, errors, { preview: false, checked: boxes }, 400);
      if (preview || !email) return render(reply, input, {}, { preview: true, checked: boxes });

      let stored;
      try {
        stored = await addSubscription(deps.db, {
          email,
          query: fullQuery(input),
          // A webhook alert posts each batch as it arrives: "How often?" applies to email only.
          frequency: webhook.webhook ? 'IMMEDIATE' : asFrequency(input.frequency),
          includeTabled: input.includeTabled,
          label: input.label || undefined,
          ...(webhook.webhook ? { webhook: { ...webhook.webhook, ...webhookPolicy(deps) } } : {}),
          pendingCap: { max: limits.pendingPerAddressPerHour, perMs: HOUR_MS },
        });
      } catch (error) {
        // Over the per-mailbox cap: store and send nothing, answering exactly as for a successful signup.
        if (!(error instanceof PipelineError && error.code === 'OVER_LIMIT')) throw error;
        request.log.warn('signup: per-address limit reached; nothing stored');
        return reply.redirect('/alerts/check-email', 303);
      }
      // The confirmation email lists the address's unconfirmed alerts and its link confirms just those, so an existing
      // subscriber simply gets an email asking them to confirm the new one: the page the visitor sees is the same.
      await oweDeliveries(
        {
          db: deps.db,
          queue: deps.queues,
          onQueueError: (err) => request.log.warn({ err }, 'could not enqueue; the reconciler will'),
        },
        [deliverJobs.confirmation(stored.subscriber.id, stored.subscription.id)],
      );
      return reply.redirect('/alerts/check-email', 303);
    },
  );

  app.get('/alerts/check-email', async (_request, reply) =>
    sendPage(reply, {
      title: 'Check your email',
      body: html`<h1>Check your email</h1><p class="notice">We have sent a message to the address you gave. Open the link in it to confirm your alert. Nothing is sent until you do. The link works for ${UNCONFIRMED_SIGNUP_DAYS} days; after that the unconfirmed alert is deleted.</p><p>No email after a few minutes? Check your spam folder, or <a href="/alerts/new">try again</a>.</p>`,
    }),
  );
}
