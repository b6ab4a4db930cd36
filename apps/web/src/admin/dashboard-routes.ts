import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { csrfField } from '../views/csrf-field';
import { html } from '../views/html';
import { csrfToken } from './csrf';
import { currentAdmin } from './current-admin';
import { loadStats } from './load-stats';

const table = (counts: Record<string, number>) =>
  html`<table><tbody>${Object.entries(counts).map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;

/** `/admin`: the stats. */
export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin', async (request, reply) => {
    const admin = currentAdmin(request);
    const stats = await loadStats(deps.db);
    const token = csrfToken(request, reply, deps.config);
    return sendPage(reply, {
      admin: true,
      title: 'Admin',
      body: html`<h1>Dashboard</h1>
<p>Logged in as ${admin.email}. <form method="post" action="/admin/logout" class="inline">${csrfField(token)}<button type="submit">Log out</button></form></p>
<h2>Subscribers by status</h2>${table(stats.subscribers)}
<h2>Alerts by state</h2>${table(stats.byState)}
<h2>Alerts by frequency</h2>${table(stats.byFrequency)}
<h2>Alerts by kind</h2>${table(stats.byKind)}
<h2>Emails per day (last 14 days)</h2>
<table><thead><tr><th>Day</th><th>Sent</th><th>Failed</th><th>Suppressed</th></tr></thead><tbody>${stats.emailsPerDay.map((d) => html`<tr><td>${d.day}</td><td>${d.sent}</td><td>${d.failed}</td><td>${d.suppressed}</td></tr>`)}</tbody></table>
<h2>Matches per day (last 14 days)</h2>
<table><thead><tr><th>Day</th><th>Matches</th></tr></thead><tbody>${stats.matchesPerDay.map((d) => html`<tr><td>${d.day}</td><td>${d.matches}</td></tr>`)}</tbody></table>`,
    });
  });
}
