import { HEARTBEAT_STALE_AFTER_SECONDS, loadWorkerLiveness } from '@alerts/runtime';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps';
import { sendPage } from '../http/send-page';
import { formatDate } from '../questions/format';
import { csrfField } from '../views/csrf-field';
import { html } from '../views/html';
import { csrfToken } from './csrf';
import { currentAdmin } from './current-admin';
import { loadStats, type AdminStats } from './load-stats';
import type { QueryKind } from './query-kind';
import { workerLivenessSection } from './worker-liveness-section';
import { quarantineSection } from './quarantine-view';

/** The schema's enum names, as the dashboard says them. */
const SUBSCRIBER_WORDS: Record<string, string> = {
  PENDING: 'waiting to confirm their address',
  ACTIVE: 'confirmed',
  DISABLED: 'disabled (bounced or complained)',
};
const FREQUENCY_WORDS: Record<string, string> = {
  IMMEDIATE: 'sent as answers arrive',
  DAILY: 'daily digest',
  WEEKLY: 'weekly digest',
};
const STATE_WORDS: Record<keyof AdminStats['byState'], string> = {
  pending: 'waiting for confirmation',
  active: 'active',
  paused: 'paused by the subscriber',
  disabled: 'disabled by an administrator',
  blocked: 'blocked: the address cannot receive mail (suppressed or not active)',
};
const KIND_WORDS: Record<QueryKind, string> = {
  'words only': 'words and phrases only',
  member: 'follow a member',
  department: 'limited to a department',
  house: 'limited to one House',
  unreadable: 'with a query that no longer parses (they match nothing)',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 confirmed, 1 waiting to confirm their address" as a list, largest first; "none" when empty. */
function counted(counts: Record<string, number>, words: Record<string, string>) {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (!entries.length) return html`<p>None yet.</p>`;
  return html`<ul>${entries.map(([key, n]) => html`<li><strong>${n}</strong> ${words[key] ?? key.toLowerCase()}</li>`)}</ul>`;
}

const day = (iso: string) => formatDate(new Date(`${iso}T00:00:00Z`));

/** `/admin`: how the service is doing, in words. */
export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin', async (request, reply) => {
    const admin = currentAdmin(request);
    const staleAfterSeconds = deps.config.workerStaleAfterSeconds ?? HEARTBEAT_STALE_AFTER_SECONDS;
    const [stats, workers] = await Promise.all([
      loadStats(deps.db),
      loadWorkerLiveness(deps.db, { staleAfterSeconds }),
    ]);
    const token = csrfToken(request, reply, deps.config);
    const subscribers = Object.values(stats.subscribers).reduce((a, b) => a + b, 0);
    const alerts = Object.values(stats.byState).reduce((a, b) => a + b, 0);
    const sent = stats.emailsPerDay.reduce((a, d) => a + d.sent, 0);
    const failed = stats.emailsPerDay.reduce((a, d) => a + d.failed, 0);
    const matches = stats.matchesPerDay.reduce((a, d) => a + d.matches, 0);
    return sendPage(reply, {
      admin: true,
      title: 'Admin',
      body: html`<h1>Dashboard</h1>
<p>Logged in as ${admin.email}.</p><form method="post" action="/admin/logout">${csrfField(token)}<button type="submit">Log out</button></form>
<ul class="stats">
<li><strong>${subscribers}</strong> ${subscribers === 1 ? 'subscriber' : 'subscribers'}</li>
<li><strong>${stats.byState.active}</strong> active ${stats.byState.active === 1 ? 'alert' : 'alerts'} of ${alerts}</li>
<li><strong>${sent}</strong> ${sent === 1 ? 'email' : 'emails'} sent in 14 days</li>
<li><strong>${failed}</strong> ${failed === 1 ? 'email' : 'emails'} given up in 14 days, <strong>${stats.owed}</strong> owed now (<a href="/admin/deliveries">failing and given up</a>)</li>
<li><strong>${matches}</strong> ${matches === 1 ? 'answer matched' : 'answers matched'} to alerts in 14 days</li>
<li><strong>${stats.follows}</strong> ${stats.follows === 1 ? 'follow of a question' : 'follows of questions'} (<a href="/admin/follows">who follows what</a>)</li>
<li><strong>${stats.quarantine.unresolved}</strong> quarantined ${stats.quarantine.unresolved === 1 ? 'record' : 'records'} that ingestion could not store (<a href="#quarantine">below</a>)</li>
</ul>
${workerLivenessSection(workers, staleAfterSeconds)}
<h2>Subscribers</h2>${counted(stats.subscribers, SUBSCRIBER_WORDS)}
<h2>Alerts</h2>${counted(stats.byState, STATE_WORDS)}
<h2>How often alerts are sent</h2>${counted(stats.byFrequency, FREQUENCY_WORDS)}
<h2>What alerts follow</h2>${counted(stats.byKind, KIND_WORDS)}
<p><strong>${stats.includeTabled}</strong> ${stats.includeTabled === 1 ? 'alert also tells' : 'alerts also tell'} of matching questions when they are asked, before the answer.</p>
<h2>Emails, day by day (last 14 days)</h2>
${
  stats.emailsPerDay.length
    ? html`<ul>${stats.emailsPerDay.map((d) => html`<li>${day(d.day)}: ${plural(d.sent, 'email')} sent${d.failed ? html`, <strong>${d.failed} failed</strong>` : ''}${d.suppressed ? `, ${d.suppressed} not sent to suppressed addresses` : ''}</li>`)}</ul>`
    : html`<p>No emails in the last 14 days.</p>`
}
<h2>Answers matched to alerts, day by day</h2>
${stats.matchesPerDay.length ? html`<ul>${stats.matchesPerDay.map((d) => html`<li>${day(d.day)}: ${plural(d.matches, 'match', 'matches')}</li>`)}</ul>` : html`<p>No matches in the last 14 days.</p>`}
<section id="quarantine">${quarantineSection(stats.quarantine)}</section>`,
    });
  });
}
