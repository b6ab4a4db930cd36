import { deliverJobs } from '@alerts/queue';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { FREQUENCIES, isFrequency } from '../frequency';
import { writeMemberNames } from '@alerts/composition';
import { oweDeliveries } from '@alerts/delivery';
import { removeSubscription, setSubscriptionDisabled } from '@alerts/subscriptions';
import { HttpError, notFound } from '../http-error';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { csrfField } from '../views/csrf-field';
import { html } from '../views/html';
import { INCLUDE_TABLED_LABEL } from '../views/signup-form';
import { audit } from './audit';
import { csrfToken } from './csrf';
import { currentAdmin } from './current-admin';
import { ADMIN_PAGE_SIZE, findSubscriptions, type SubscriptionFilter } from './find-subscriptions';

const STATES = new Set(['pending', 'active', 'paused', 'disabled', 'blocked']);

function readFilter(query: Record<string, unknown>): SubscriptionFilter {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
  const frequency = text('frequency');
  return {
    q: text('q').trim().slice(0, 200),
    state: (STATES.has(text('state')) ? text('state') : '') as SubscriptionFilter['state'],
    frequency: isFrequency(frequency) ? frequency : '',
    tabled: text('tabled') === 'yes',
    page: pageNumber(text('page')),
  };
}

const listUrl = (f: SubscriptionFilter, page = f.page) =>
  `/admin/subscriptions?${new URLSearchParams({ q: f.q, state: f.state, frequency: f.frequency, ...(f.tabled ? { tabled: 'yes' } : {}), page: String(page) }).toString()}`;

/** `/admin/subscriptions`: search, filter, page; disable, enable, delete, resend confirmation. Each action is audited. */
export function registerSubscriptionAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin/subscriptions', async (request, reply) => {
    const filter = readFilter(request.query as Record<string, unknown>);
    const { total, rows } = await findSubscriptions(deps.db, filter);
    // member:185 shown as member:"Jeremy Corbyn" where the name is ours alone.
    const queries = await writeMemberNames(
      deps.db,
      rows.map((s) => s.query),
    );
    const token = csrfToken(request, reply, deps.config);
    const back = listUrl(filter);
    const action = (path: string, label: string) =>
      html`<form method="post" action="${path}" class="inline">${csrfField(token)}<input type="hidden" name="back" value="${back}"><button type="submit">${label}</button></form>`;
    return sendPage(reply, {
      admin: true,
      title: 'Subscriptions',
      body: html`<h1>Subscriptions</h1>
<form method="get" action="/admin/subscriptions">
<label for="q">Email, query or label contains</label><input type="search" id="q" name="q" value="${filter.q}">
<label for="state">State</label><select id="state" name="state"><option value="">Any</option>${[...STATES].map((s) => html`<option${filter.state === s ? ' selected' : ''}>${s}</option>`)}</select>
<label for="frequency">Frequency</label><select id="frequency" name="frequency"><option value="">Any</option>${FREQUENCIES.map((f) => html`<option${filter.frequency === f ? ' selected' : ''}>${f}</option>`)}</select>
<div class="checks"><label><input type="checkbox" name="tabled" value="yes"${filter.tabled ? ' checked' : ''}> Only alerts with "${INCLUDE_TABLED_LABEL}"</label></div>
<button type="submit">Filter</button></form>
<p>${total} subscription${total === 1 ? '' : 's'}.</p>
<table><thead><tr><th>Email</th><th>Query</th><th>Frequency</th><th>State</th><th>Actions</th></tr></thead><tbody>
${rows.map(
  (
    s,
    i,
  ) => html`<tr><td>${s.subscriber.email}<br><span class="meta">${s.subscriber.status}</span></td><td><code>${queries[i]}</code>${s.label ? html`<br>${s.label}` : ''}</td><td>${s.frequency}${s.includeTabled ? html`<br><span class="meta">also when asked</span>` : ''}</td>
<td>${s.state}</td>
<td>${s.disabledAt ? action(`/admin/subscriptions/${s.id}/enable`, 'Enable') : action(`/admin/subscriptions/${s.id}/disable`, 'Disable')}
${action(`/admin/subscriptions/${s.id}/delete`, 'Delete')}
${!s.confirmedAt ? action(`/admin/subscribers/${s.subscriber.id}/resend`, 'Resend confirmation') : ''}</td></tr>`,
)}</tbody></table>
<nav aria-label="Pages">${filter.page > 1 ? html`<a href="${listUrl(filter, filter.page - 1)}">← Previous</a> ` : ''}${total > filter.page * ADMIN_PAGE_SIZE ? html`<a href="${listUrl(filter, filter.page + 1)}">Next →</a>` : ''}</nav>`,
    });
  });

  // Where to return after an action: only our own list with a plain query string. Checked before the action, so a
  // bad value (CR/LF would break the Location header) is a 400 with nothing done.
  const backTo = (body: unknown) => {
    const back = formField(body, 'back');
    if (!back) return '/admin/subscriptions';
    if (!/^\/admin\/subscriptions\?[\w.~%+=&-]*$/.test(back))
      throw new HttpError(400, 'That return address is not valid.');
    return back;
  };

  app.post<{ Params: { id: string; verb: string } }>('/admin/subscriptions/:id/:verb', async (request, reply) => {
    const admin = currentAdmin(request);
    const { id, verb } = request.params;
    if (verb !== 'disable' && verb !== 'enable' && verb !== 'delete') throw notFound();
    const back = backTo(request.body);
    await deps.db.$transaction(async (tx) => {
      const subscription = await tx.subscription.findUnique({
        where: { id },
        include: { subscriber: { select: { email: true } } },
      });
      if (!subscription) throw notFound('subscription');
      if (verb === 'delete') await removeSubscription(tx, id);
      else await setSubscriptionDisabled(tx, { id, disabled: verb === 'disable' });
      await audit(tx, {
        adminUserId: admin.id,
        action: `subscription.${verb}`,
        targetType: 'Subscription',
        targetId: id,
        detail: { email: subscription.subscriber.email, query: subscription.query },
      });
    });
    return reply.redirect(back, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/subscribers/:id/resend', async (request, reply) => {
    const admin = currentAdmin(request);
    const back = backTo(request.body);
    const subscriber = await deps.db.subscriber.findUnique({ where: { id: request.params.id } });
    if (!subscriber) throw notFound('subscriber');
    await audit(deps.db, {
      adminUserId: admin.id,
      action: 'subscriber.resend_confirmation',
      targetType: 'Subscriber',
      targetId: subscriber.id,
      detail: { email: subscriber.email },
    });
    await oweDeliveries(
      {
        db: deps.db,
        queue: deps.queues,
        onQueueError: (err) => request.log.warn({ err }, 'could not enqueue; the reconciler will'),
      },
      [deliverJobs.resendConfirmation(subscriber.id)],
    );
    return reply.redirect(back, 303);
  });
}
