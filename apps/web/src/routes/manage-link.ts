import { EMAIL_ADDRESS_LIMITS, isDeliverableAddress } from '@alerts/email';
import { oweDeliveries } from '@alerts/delivery';
import { requestManageLink } from '@alerts/subscriptions';
import { deliverJobs } from '@alerts/queue';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps, RateLimits } from '../deps';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { html } from '../views/html';

const HOUR_MS = 3600 * 1000;

/** Where the form goes on: the same page whoever the address belongs to. */
const MANAGE_LINK_SENT = '/manage/link-sent';

function manageLinkForm(reply: FastifyReply, values: { email: string; error?: string }, status = 200) {
  return sendPage(
    reply,
    {
      title: 'Get your manage link',
      body: html`<h1>Get your manage link</h1>
<p>Every email we send ends with a link to manage your alerts and the questions you follow, and to unsubscribe. Lost it? Give us your address and we will email you the link.</p>
<form method="post" action="/manage" novalidate>
${values.error ? html`<p class="error" role="alert" id="email-error">${values.error}</p>` : ''}
<label for="manage-email">Your email address</label>
<input id="manage-email" name="email" type="email" autocomplete="email" required maxlength="${EMAIL_ADDRESS_LIMITS.address}" value="${values.email}"${values.error ? html` aria-describedby="email-error" aria-invalid="true"` : ''}>
<button type="submit" class="primary">Email me my manage link</button>
</form>
<p class="meta">We send it only to the address itself, so nobody else can see or change your alerts.</p>`,
    },
    status,
  );
}

/**
 * "Email me my manage link": `GET /manage` is the form, `POST /manage` records the request and owes the email
 * (requestManageLink, then the MANAGE_LINK delivery, which the reconciler plans if this request dies first). The
 * answer is the same redirect whether or not the address subscribes, and whether or not its mailbox is over its
 * limit (`manageLinksPerAddressPerHour`, silent, counted in PostgreSQL); the form is also limited per client IP
 * (`manageLinkPerIpPerHour`, a 429 whatever the address).
 */
export function registerManageLinkRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  app.get('/manage', async (_request, reply) => manageLinkForm(reply, { email: '' }));

  app.post(
    '/manage',
    { config: { rateLimit: { max: limits.manageLinkPerIpPerHour, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const email = formField(request.body, 'email').trim();
      // Whether it is an address at all says nothing about who subscribes.
      if (!isDeliverableAddress(email.toLowerCase()))
        return manageLinkForm(
          reply,
          {
            email: email.slice(0, EMAIL_ADDRESS_LIMITS.address),
            error: 'Enter an email address like name@example.org.',
          },
          400,
        );
      const requested = await requestManageLink(deps.db, {
        email,
        cap: { max: limits.manageLinksPerAddressPerHour, perMs: HOUR_MS },
      });
      if (requested) {
        await oweDeliveries(
          {
            db: deps.db,
            queue: deps.queues,
            onQueueError: (err) => request.log.warn({ err }, 'could not enqueue; the reconciler will'),
          },
          [deliverJobs.manageLink(requested.subscriberId, requested.requestId)],
        );
      }
      return reply.redirect(MANAGE_LINK_SENT, 303);
    },
  );

  app.get(MANAGE_LINK_SENT, async (_request, reply) =>
    sendPage(reply, {
      title: 'Check your email',
      body: html`<h1>Check your email</h1><p class="notice">If that address has alerts or follows questions with us, we have emailed it the link to manage them. It can take a few minutes; check your spam folder too.</p><p>No email? The address may not be subscribed: <a href="/alerts/new">create an alert</a>, or <a href="/manage">try another address</a>.</p>`,
    }),
  );
}
