import type { FastifyInstance } from 'fastify';
import { retryFailedDelivery } from '@alerts/delivery';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { csrfField } from '../views/csrf-field';
import { html } from '../views/html';
import { audit } from './audit';
import { csrfToken } from './csrf';
import { currentAdmin } from './current-admin';

const SHOWN = 100;
const when = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

/**
 * `/admin/deliveries`: email that is owed but failing (retried on its own, with backoff), and email given up after
 * DELIVERY_GIVE_UP_HOURS of failures, which an admin can send again.
 */
export function registerDeliveryRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin/deliveries', async (request, reply) => {
    const select = {
      id: true,
      email: true,
      kind: true,
      attempts: true,
      error: true,
      createdAt: true,
      dueAt: true,
    } as const;
    const [failing, failingTotal, failed, failedTotal] = await Promise.all([
      deps.db.delivery.findMany({
        where: { status: 'PENDING', attempts: { gt: 0 } },
        orderBy: { createdAt: 'asc' },
        take: SHOWN,
        select,
      }),
      deps.db.delivery.count({ where: { status: 'PENDING', attempts: { gt: 0 } } }),
      deps.db.delivery.findMany({ where: { status: 'FAILED' }, orderBy: { createdAt: 'desc' }, take: SHOWN, select }),
      deps.db.delivery.count({ where: { status: 'FAILED' } }),
    ]);
    const token = csrfToken(request, reply, deps.config);
    return sendPage(reply, {
      admin: true,
      title: 'Deliveries',
      body: html`<h1>Deliveries that failed</h1>
<h2>Failing, retried automatically (${failingTotal})</h2>
${
  failing.length
    ? html`<table><thead><tr><th>To</th><th>Kind</th><th>Attempts</th><th>Last error</th><th>Owed since</th><th>Next try</th></tr></thead><tbody>
${failing.map((d) => html`<tr><td>${d.email}</td><td>${d.kind.toLowerCase()}</td><td>${d.attempts}</td><td>${d.error ?? ''}</td><td>${when(d.createdAt)}</td><td>${when(d.dueAt)}</td></tr>`)}
</tbody></table>`
    : html`<p>None: every email owed is on its first try.</p>`
}
<h2>Given up (${failedTotal})</h2>
${
  failed.length
    ? html`<table><thead><tr><th>To</th><th>Kind</th><th>Attempts</th><th>Last error</th><th>Owed since</th><th></th></tr></thead><tbody>
${failed.map(
  (
    d,
  ) => html`<tr><td>${d.email}</td><td>${d.kind.toLowerCase()}</td><td>${d.attempts}</td><td>${d.error ?? ''}</td><td>${when(d.createdAt)}</td>
<td><form method="post" action="/admin/deliveries/retry" class="inline">${csrfField(token)}<input type="hidden" name="id" value="${d.id}"><button type="submit">Send again</button></form></td></tr>`,
)}
</tbody></table>`
    : html`<p>None.</p>`
}`,
    });
  });

  app.post('/admin/deliveries/retry', async (request, reply) => {
    const admin = currentAdmin(request);
    const id = formField(request.body, 'id').trim();
    const dispatch = await deps.db.$transaction(async (tx) => {
      const owed = await retryFailedDelivery(tx, id);
      if (!owed) throw new HttpError(404, 'That delivery is not waiting to be sent again.');
      await audit(tx, { adminUserId: admin.id, action: 'delivery.retry', targetType: 'Delivery', targetId: id });
      return owed;
    });
    // If Redis does not take it now, the reconciler hands it out on its next tick: the row is owed either way.
    await deps.queues
      .enqueueDeliveries([dispatch])
      .catch((err: Error) => request.log.warn({ err }, 'could not enqueue the retry; the reconciler will'));
    return reply.redirect('/admin/deliveries', 303);
  });
}
