import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { html } from '../views/html';
import { ADMIN_PAGE_SIZE } from './find-subscriptions';

/** "2026-12-05 12:41:06 UTC", the date and the time each kept on one line. */
const when = (date: Date) =>
  html`<span class="nowrap">${date.toISOString().slice(0, 10)}</span> <span class="nowrap">${date.toISOString().slice(11, 19)} UTC</span>`;

/**
 * `/admin/audit`: who did what, newest first. Two columns, so a phone (390 px) reads it without scrolling sideways:
 * the action with its time and admin, then what it acted on with its detail (addresses and JSON wrap anywhere).
 */
export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { page?: string } }>('/admin/audit', async (request, reply) => {
    const page = pageNumber(request.query.page);
    const rows = await deps.db.auditLog.findMany({
      orderBy: { id: 'desc' },
      skip: (page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE + 1,
      include: { adminUser: { select: { email: true } } },
    });
    return sendPage(reply, {
      admin: true,
      title: 'Audit log',
      body: html`<h1>Audit log</h1>
<div class="table-scroll"><table class="wrap"><thead><tr><th>Action, when and by whom</th><th>Target and detail</th></tr></thead><tbody>
${rows.slice(0, ADMIN_PAGE_SIZE).map(
  (
    r,
  ) => html`<tr><td><strong>${r.action}</strong><br><span class="meta">${when(r.createdAt)}<br><span class="long">${r.adminUser?.email ?? '(deleted)'}</span></span></td>
<td class="long">${r.targetType ?? ''} ${r.targetId ?? ''}${r.detail ? html`<br><code>${JSON.stringify(r.detail, null, 1)}</code>` : ''}</td></tr>`,
)}
</tbody></table></div>
<nav aria-label="Pages">${page > 1 ? html`<a href="/admin/audit?page=${page - 1}">← Newer</a> ` : ''}${rows.length > ADMIN_PAGE_SIZE ? html`<a href="/admin/audit?page=${page + 1}">Older →</a>` : ''}</nav>`,
    });
  });
}
