import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { pageNumber } from '../questions/page-number';
import { html } from '../views/html';
import { ADMIN_PAGE_SIZE } from './find-subscriptions';

/** `/admin/audit`: who did what, newest first. */
export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { page?: string } }>('/admin/audit', async (request, reply) => {
    const page = pageNumber(request.query.page);
    const rows = await deps.db.auditLog.findMany({ orderBy: { id: 'desc' }, skip: (page - 1) * ADMIN_PAGE_SIZE, take: ADMIN_PAGE_SIZE + 1, include: { adminUser: { select: { email: true } } } });
    return sendPage(reply, {
      admin: true,
      title: 'Audit log',
      body: html`<h1>Audit log</h1>
<table><thead><tr><th>When</th><th>Admin</th><th>Action</th><th>Target</th><th>Detail</th></tr></thead><tbody>
${rows.slice(0, ADMIN_PAGE_SIZE).map((r) => html`<tr><td>${r.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</td><td>${r.adminUser?.email ?? '(deleted)'}</td><td>${r.action}</td><td>${r.targetType ?? ''} ${r.targetId ?? ''}</td><td><code>${r.detail ? JSON.stringify(r.detail) : ''}</code></td></tr>`)}
</tbody></table>
<nav aria-label="Pages">${page > 1 ? html`<a href="/admin/audit?page=${page - 1}">← Newer</a> ` : ''}${rows.length > ADMIN_PAGE_SIZE ? html`<a href="/admin/audit?page=${page + 1}">Older →</a>` : ''}</nav>`,
    });
  });
}
