import type { FastifyInstance } from 'fastify';
import { liftSuppression } from '@alerts/delivery';
import { normaliseEmail, PipelineError } from '@alerts/subscriptions';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { formField, hasControlCharacters } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { csrfField } from '../views/csrf-field';
import { html } from '../views/html';
import { audit } from './audit';
import { csrfToken } from './csrf';
import { currentAdmin } from './current-admin';
import { ADMIN_PAGE_SIZE } from './find-subscriptions';

/** Bounce events shown under each suppression: the newest few, as evidence. */
const EVENTS_SHOWN = 5;
/** Longest reason an admin may give for suppressing an address by hand (one line): the form's maxlength and the check. */
const DETAIL_MAX = 200;

/**
 * `/admin/suppressions`: addresses we never email (bounces, complaints, manual): each with its reason and the bounce
 * and complaint reports behind it (their evidence), add one, lift one (audited). Also the Amazon SNS subscriptions
 * waiting for an admin to open their SubscribeURL.
 */
export function registerSuppressionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { q?: string; page?: string } }>('/admin/suppressions', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
    const page = pageNumber(request.query.page);
    const where = q ? { email: { contains: q, mode: 'insensitive' as const } } : {};
    const [total, rows] = await Promise.all([
      deps.db.suppression.count({ where }),
      deps.db.suppression.findMany({
        where,
        orderBy: { createdAt: 'desc' },
        skip: (page - 1) * ADMIN_PAGE_SIZE,
        take: ADMIN_PAGE_SIZE,
      }),
    ]);
    const events = await deps.db.bounceEvent.findMany({
      where: { email: { in: rows.map((r) => r.email) } },
      orderBy: { receivedAt: 'desc' },
    });
    const pendingSns = await deps.db.snsSubscriptionRequest.findMany({
      where: { confirmedAt: null },
      orderBy: { receivedAt: 'desc' },
      take: 10,
    });
    const token = csrfToken(request, reply, deps.config);
    const evidence = (email: string, linked: bigint | null) => {
      const mine = events.filter((e) => e.email === email);
      if (!mine.length) return '';
      return html`<details><summary>${mine.length} report${mine.length === 1 ? '' : 's'} (${mine
        .slice(0, EVENTS_SHOWN)
        .map((e) => e.kind.toLowerCase())
        .join(', ')})</summary>
${mine.slice(0, EVENTS_SHOWN).map(
  (
    e,
  ) => html`<div class="bounce-event" data-event="${String(e.id)}"><p class="meta">${e.id === linked ? 'Caused this suppression: ' : ''}${e.kind.toLowerCase()} by ${e.channel} (${e.format}), ${e.receivedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC${e.status ? html`, status ${e.status}` : ''}${e.clearedAt ? ', no longer counted' : ''}</p>
${e.diagnostic ? html`<p>${e.diagnostic}</p>` : ''}<pre>${e.evidence}</pre></div>`,
)}</details>`;
    };
    return sendPage(reply, {
      admin: true,
      title: 'Suppressions',
      body: html`<h1>Suppression list</h1>
<form method="post" action="/admin/suppressions">${csrfField(token)}
<label for="email">Add an address</label><input type="email" id="email" name="email" required>
<label for="detail">Why (optional)</label><input type="text" id="detail" name="detail" maxlength="${DETAIL_MAX}">
<button type="submit">Suppress</button></form>
<form method="get" action="/admin/suppressions"><label for="q">Search</label><input type="search" id="q" name="q" value="${q}"><button type="submit">Search</button></form>
${
  pendingSns.length
    ? html`<h2>Amazon SNS subscriptions to confirm</h2><p>SNS asked to send SES notifications to /webhooks/ses. Open the link to confirm (SES_SNS_AUTO_CONFIRM=true lets the app do it).</p>
<ul>${pendingSns.map((p) => html`<li data-topic="${p.topicArn}">${p.topicArn}, ${p.receivedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: <a href="${p.subscribeUrl}" rel="noreferrer">${p.subscribeUrl}</a></li>`)}</ul>`
    : ''
}
<p>${total} address${total === 1 ? '' : 'es'}.</p>
<table><thead><tr><th>Email</th><th>Reason</th><th>Since</th><th></th></tr></thead><tbody>
${rows.map(
  (
    s,
  ) => html`<tr data-email="${s.email}"><td>${s.email}</td><td>${s.reason}${s.detail ? html`<br><span class="meta">${s.detail}</span>` : ''}${evidence(s.email, s.bounceEventId)}</td><td>${s.createdAt.toISOString().slice(0, 10)}</td>
<td><form method="post" action="/admin/suppressions/remove" class="inline">${csrfField(token)}<input type="hidden" name="email" value="${s.email}"><button type="submit">Lift</button></form></td></tr>`,
)}
</tbody></table>
<nav aria-label="Pages">${page > 1 ? html`<a href="/admin/suppressions?q=${encodeURIComponent(q)}&page=${page - 1}">← Previous</a> ` : ''}${total > page * ADMIN_PAGE_SIZE ? html`<a href="/admin/suppressions?q=${encodeURIComponent(q)}&page=${page + 1}">Next →</a>` : ''}</nav>`,
    });
  });

  app.post('/admin/suppressions', async (request, reply) => {
    const admin = currentAdmin(request);
    const detail = formField(request.body, 'detail').trim();
    let email: string;
    try {
      email = normaliseEmail(formField(request.body, 'email'));
    } catch (error) {
      if (error instanceof PipelineError) throw new HttpError(400, 'Enter a valid email address.');
      throw error;
    }
    if (detail.length > DETAIL_MAX || hasControlCharacters(detail))
      throw new HttpError(400, `Keep the reason to one line of at most ${DETAIL_MAX} characters.`);
    await deps.db.$transaction(async (tx) => {
      await tx.suppression.upsert({
        where: { email },
        create: { email, reason: 'MANUAL', detail: detail || null },
        update: {},
      });
      await audit(tx, {
        adminUserId: admin.id,
        action: 'suppression.add',
        targetType: 'Suppression',
        targetId: email,
        ...(detail ? { detail: { detail } } : {}),
      });
    });
    return reply.redirect('/admin/suppressions', 303);
  });

  app.post('/admin/suppressions/remove', async (request, reply) => {
    const admin = currentAdmin(request);
    const email = formField(request.body, 'email').trim().toLowerCase();
    await deps.db.$transaction(async (tx) => {
      const lifted = await tx.suppression.findUnique({ where: { email }, select: { reason: true } });
      // Lifting also stops its soft bounces so far from counting, so the next one does not suppress it again at once.
      if (!lifted || !(await liftSuppression(tx, email)))
        throw new HttpError(404, 'That address is not on the suppression list.');
      await audit(tx, {
        adminUserId: admin.id,
        action: 'suppression.remove',
        targetType: 'Suppression',
        targetId: email,
        detail: { reason: lifted.reason },
      });
    });
    return reply.redirect('/admin/suppressions', 303);
  });
}
